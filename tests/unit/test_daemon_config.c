/* SPDX-License-Identifier: MIT */
/*
 * test_daemon_config.c - the daemon's checks of the secret in the
 * configuration: config_check_secret() (a file holding a password must
 * be readable by its owner only) and config_password() (password, or the
 * first line printed by password_command).  Each case is a file's text
 * and mode, and the password read or the error expected (the message
 * after "PATH: ").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "cp.h"
#include "t.h"
#include "xmalloc.h"

#define MARKER "/tmp/test_daemon_config.ran"

static const struct {
	const char *text;
	unsigned mode;
	enum cp_status st; /* of the checks then config_password() */
	const char *want;  /* the password ("-": none), or the error */
} cases[] = {
	/* a password in a private file */
	{"[imap]\npassword = secret\n", 0600, CP_OK, "secret"},
	{"[imap]\npassword = secret\n", 0400, CP_OK, "secret"},
	/* readable by others or the group: refused, naming the mode */
	{"[imap]\npassword = secret\n", 0644, CP_EINVAL,
	 "holds [imap] password but its mode 0644 lets others read it "
	 "(chmod 600 it, or use password_command)"},
	{"[imap]\npassword = secret\n", 0604, CP_EINVAL,
	 "holds [imap] password but its mode 0604 lets others read it "
	 "(chmod 600 it, or use password_command)"},
	{"[imap]\npassword = secret\n", 0640, CP_EINVAL,
	 "holds [imap] password but its mode 0640 lets its group read it "
	 "(chmod 600 it, or use password_command)"},
	/* writable by anyone but the owner: refused before anything in it
	 * is read, whatever it holds (issue 8) */
	{"[imap]\npassword = secret\n", 0620, CP_EINVAL,
	 "refused: its mode 0620 lets its group write it (chmod go-w it)"},
	{"[imap]\npassword_command = touch " MARKER "; echo pw\n", 0666,
	 CP_EINVAL,
	 "refused: its mode 0666 lets anyone write it (chmod go-w it)"},
	{"[imap]\npassword_command = touch " MARKER "; echo pw\n", 0602,
	 CP_EINVAL,
	 "refused: its mode 0602 lets anyone write it (chmod go-w it)"},
	{"[imap]\nhost = h\n", 0660, CP_EINVAL,
	 "refused: its mode 0660 lets its group write it (chmod go-w it)"},
	/* no password in it: any mode */
	{"[imap]\nhost = h\n", 0644, CP_OK, "-"},
	{"[imap]\npassword_command = echo s3cret\n", 0644, CP_OK, "s3cret"},
	/* both: refused */
	{"[imap]\npassword = a\npassword_command = echo b\n", 0600, CP_EINVAL,
	 "[imap] password and password_command are both set: keep one"},
	/* password_command: the first line only, CR LF too */
	{"[imap]\npassword_command = printf 'one two\\nthree\\n'\n", 0644,
	 CP_OK, "one two"},
	{"[imap]\npassword_command = printf 'pw\\r\\n'\n", 0644, CP_OK, "pw"},
	{"[imap]\npassword_command = printf 'no-newline'\n", 0644, CP_OK,
	 "no-newline"},
	/* its standard error is not the password */
	{"[imap]\npassword_command = echo '(password_command stderr, "
	 "expected)' >&2; echo pw\n",
	 0644, CP_OK, "pw"},
	/* failures */
	{"[imap]\npassword_command = echo pw; exit 3\n", 0644, CP_EINVAL,
	 "password_command `echo pw; exit 3` exited with status 3"},
	{"[imap]\npassword_command = /nonexistent/pass 2>/dev/null\n", 0644,
	 CP_EINVAL,
	 "password_command `/nonexistent/pass 2>/dev/null` exited with "
	 "status 127"},
	{"[imap]\npassword_command = kill -9 $$\n", 0644, CP_EINVAL,
	 "password_command `kill -9 $$` was killed by signal 9"},
	{"[imap]\npassword_command = true\n", 0644, CP_EINVAL,
	 "password_command `true` printed no password on its first line"},
	{"[imap]\npassword_command = printf '\\nlater\\n'\n", 0644, CP_EINVAL,
	 "password_command `printf '\\nlater\\n'` printed no password on its "
	 "first line"},
	/* a lot of output: bounded, the first line kept */
	{"[imap]\npassword_command = echo pw; head -c 100000 /dev/zero | "
	 "tr '\\0' x\n",
	 0644, CP_OK, "pw"},
};

/* A file owned by someone else (who can write it) is refused too, when
 * the test can make one (as root). */
static void
test_owner(void)
{
	char path[] = "/tmp/test_daemon_config.XXXXXX";
	struct cp_config c;
	struct cp_error err = {0};
	int fd = mkstemp(path);

	T_CHECK(fd != -1, "mkstemp");
	if (fd == -1)
		return;
	T_CHECK(write(fd, "[imap]\nhost = h\n", 16) == 16, "write");
	close(fd);
	if (geteuid() != 0 || chown(path, 65534, 65534) != 0) {
		printf("test_daemon_config: owner check skipped (not root)\n");
	} else {
		T_INTEQ(config_load(path, 1, &c, &err), CP_EINVAL,
			"owned by uid 65534");
		T_CHECK(strstr(err.msg, "refused: owned by uid 65534, neither "
					"this user (uid 0) nor root") != NULL,
			"owner error: %s", err.msg);
		config_free(&c);
	}
	unlink(path);
}

/* Whether process pid has ended: gone, or a zombie not reaped yet (its
 * parent was killed; init reaps it when it will). */
static int
ended(long pid)
{
	char path[64], line[512], *p;
	FILE *f;
	int zombie = 0;

	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	if ((f = fopen(path, "r")) == NULL)
		return 1;
	if (fgets(line, sizeof(line), f) != NULL &&
	    (p = strrchr(line, ')')) != NULL)
		zombie = p[1] == ' ' && (p[2] == 'Z' || p[2] == 'X');
	fclose(f);
	return zombie;
}

/* password_command that hangs: ended after the time allowed, or at once
 * when woken (the daemon's SIGTERM), and what it started is ended too.
 * The outcome never depends on the machine's speed: the command would
 * never finish by itself. */
static void
test_hang(void)
{
	char path[] = "/tmp/test_daemon_config.XXXXXX";
	const char *pidfile = "/tmp/test_daemon_config.pid";
	struct config_wait w = {300, -1, NULL};
	struct cp_config c;
	struct cp_error err = {0};
	char *pw = NULL, buf[64] = "";
	int fd = mkstemp(path), wake[2];
	volatile sig_atomic_t stop = 0;
	FILE *f;
	long child = 0;
	int i;

	T_CHECK(fd != -1, "mkstemp");
	if (fd == -1)
		return;
	f = fdopen(fd, "w");
	/* the shell's child records its pid, then hangs */
	fprintf(f, "[imap]\npassword_command = sh -c 'echo $$ > %s; exec "
		   "sleep 1000'\n",
		pidfile);
	fclose(f);
	chmod(path, 0600);
	T_INTEQ(config_load(path, 1, &c, &err), CP_OK, "load");
	T_INTEQ(config_password(&c, &w, &pw, &err), CP_EINVAL, "timeout");
	T_CHECK(strstr(err.msg, "gave no password within 0.3 s (ended)") !=
			NULL,
		"timeout error: %s", err.msg);
	T_CHECK(pw == NULL, "no password after a timeout");
	f = fopen(pidfile, "r");
	if (f != NULL && fgets(buf, sizeof(buf), f) != NULL)
		child = strtol(buf, NULL, 10);
	if (f != NULL)
		fclose(f);
	/* SIGKILL was sent to its group; its death is the kernel's to
	 * finish: look for up to 10 s (a bound, not a guess) */
	for (i = 0; child > 0 && !ended(child) && i < 1000; i++)
		usleep(10 * 1000);
	T_CHECK(child > 0 && ended(child),
		"the command's own child (%ld) was ended too", child);
	unlink(pidfile);

	/* woken: a byte on the wake pipe, as the daemon's signal handler
	 * writes; no time limit that could end it first */
	T_INTEQ(pipe(wake), 0, "pipe");
	T_INTEQ(write(wake[1], "x", 1), 1, "wake");
	w.timeout_ms = 3600 * 1000;
	w.wake_fd = wake[0];
	T_INTEQ(config_password(&c, &w, &pw, &err), CP_ESTATE, "woken");
	T_CHECK(strstr(err.msg, "ended: stopping") != NULL, "woken error: %s",
		err.msg);
	/* or the stop flag */
	w.wake_fd = -1;
	stop = 1;
	w.stop = &stop;
	T_INTEQ(config_password(&c, &w, &pw, &err), CP_ESTATE, "stop flag");
	close(wake[0]);
	close(wake[1]);
	config_free(&c);
	unlink(path);
	unlink(pidfile);
}

int
main(void)
{
	char path[] = "/tmp/test_daemon_config.XXXXXX";
	size_t i;
	int fd;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cp_config c;
		struct cp_error err = {0};
		enum cp_status st;
		char what[48], *pw = NULL, *want_err = NULL;
		FILE *f;

		snprintf(what, sizeof(what), "case %zu", i);
		fd = mkstemp(path);
		T_CHECK(fd != -1, "mkstemp");
		if (fd == -1)
			break;
		f = fdopen(fd, "w");
		fputs(cases[i].text, f);
		fclose(f);
		chmod(path, cases[i].mode);
		st = config_load(path, 1, &c, &err);
		if (st == CP_OK)
			T_INTEQ(c.file_mode, cases[i].mode, what);
		if (st == CP_OK)
			st = config_check_secret(&c, &err);
		if (st == CP_OK)
			st = config_password(&c, NULL, &pw, &err);
		T_INTEQ(st, cases[i].st, what);
		if (cases[i].st == CP_OK) {
			T_STREQ(pw ? pw : "-", cases[i].want, what);
		} else {
			want_err = xasprintf("%s: %s", path, cases[i].want);
			T_STREQ(err.msg, want_err, what);
			T_CHECK(pw == NULL, "%s: a password on failure", what);
		}
		free(want_err);
		free(pw);
		config_free(&c);
		unlink(path);
		memcpy(path + strlen(path) - 6, "XXXXXX", 6);
	}
	T_CHECK(access(MARKER, F_OK) != 0,
		"a refused file's password_command never ran");
	unlink(MARKER);
	test_owner();
	test_hang();
	return t_done("test_daemon_config");
}
