/* SPDX-License-Identifier: MIT */
#include "config.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <time.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "utf8.h"
#include "xmalloc.h"

struct parse_state {
	struct cp_config *c;
	FILE *f;
	int lineno;        /* lines read so far: the line being parsed */
	int problem_line;  /* line of the first problem found by us, 0: none */
	char problem[512]; /* ... and what it is */
	int read_errno;    /* a read error, 0: none */
};

/* Note the first problem (later ones would not match the line inih
 * reports, which is that of its first error). */
static void problem(struct parse_state *ps, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
problem(struct parse_state *ps, const char *fmt, ...)
{
	va_list ap;

	if (ps->problem_line != 0)
		return;
	ps->problem_line = ps->lineno;
	va_start(ap, fmt);
	vsnprintf(ps->problem, sizeof(ps->problem), fmt, ap);
	va_end(ap);
}

/*
 * inih's reader: fgets() that counts lines, so problems carry their line.
 * inih reads into a fixed buffer of num bytes; a longer line would reach
 * it in pieces (a value silently cut, the rest parsed as a line of its
 * own), so it is refused instead, and the rest of it skipped to keep the
 * count right.
 */
static char *
read_line(char *str, int num, void *stream)
{
	struct parse_state *ps = stream;
	char *r;
	int c;

	errno = 0;
	r = fgets(str, num, ps->f);
	if (r == NULL) {
		if (ferror(ps->f))
			ps->read_errno = errno ? errno : EIO;
		return NULL;
	}
	ps->lineno++;
	if (strchr(r, '\n') == NULL && (c = fgetc(ps->f)) != EOF && c != '\n') {
		problem(ps, "line longer than %d bytes", num - 3);
		while ((c = fgetc(ps->f)) != EOF && c != '\n')
			;
	}
	return r;
}

static void
set_str(char **slot, const char *v)
{
	free(*slot);
	*slot = *v ? xstrdup(v) : NULL;
}

/* A whole number in [min, max]; no sign, no trailing text. */
static int
parse_num(const char *v, unsigned long long min, unsigned long long max,
	  unsigned long long *out)
{
	unsigned long long n = 0;
	const char *p = v;

	if (*p == '\0')
		return 0;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return 0;
		if (n > (max - (unsigned)(*p - '0')) / 10)
			return 0;
		n = n * 10 + (unsigned)(*p - '0');
	}
	if (n < min)
		return 0;
	*out = n;
	return 1;
}

/* [export] expected_themes: ';' or ',' separated, as Themes are written in
 * mail. */
static void
set_themes(struct cp_strlist *l, const char *value)
{
	const char *p = value, *q;

	cp_strlist_free(l);
	while (*p) {
		size_t len;

		q = p + strcspn(p, ";,");
		len = (size_t)(q - p);
		while (len && (*p == ' ' || *p == '\t'))
			p++, len--;
		while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		if (len)
			cp_strlist_addn(l, p, len);
		p = *q ? q + 1 : q;
	}
}

/* A key of [smtp] (SPEC §7); 0 with the problem noted when bad. */
static int
smtp_key(struct parse_state *ps, const char *section, const char *name,
	 const char *value)
{
	struct cp_config *c = ps->c;
	unsigned long long n;

#define IS(s, k) (strcmp(section, (s)) == 0 && strcmp(name, (k)) == 0)

	if (IS("smtp", "host"))
		set_str(&c->smtp_host, value);
	else if (IS("smtp", "port")) {
		if (!parse_num(value, 1, 65535, &n)) {
			problem(ps,
				"[smtp] port: \"%s\" is not a whole number "
				"from 1 to 65535",
				value);
			return 0;
		}
		c->smtp_port = (int)n;
	} else if (IS("smtp", "tls")) {
		if (strcmp(value, "smtps") != 0 &&
		    strcmp(value, "starttls") != 0 &&
		    strcmp(value, "none") != 0) {
			problem(ps,
				"[smtp] tls: \"%s\" is not smtps, starttls or "
				"none",
				value);
			return 0;
		}
		set_str(&c->smtp_tls, value);
	} else if (IS("smtp", "ca_file"))
		set_str(&c->smtp_ca_file, value);
	else if (IS("smtp", "user"))
		set_str(&c->smtp_user, value);
	else if (IS("smtp", "password_command"))
		set_str(&c->smtp_password_command, value);
	else if (IS("smtp", "from"))
		set_str(&c->smtp_from, value);
	else if (IS("smtp", "receipts")) {
		if (strcmp(value, "yes") != 0 && strcmp(value, "no") != 0) {
			problem(ps, "[smtp] receipts: \"%s\" is not yes or no",
				value);
			return 0;
		}
		c->smtp_receipts = strcmp(value, "yes") == 0;
	} else if (IS("smtp", "max_per_hour")) {
		if (!parse_num(value, 1, 1000000, &n)) {
			problem(ps,
				"[smtp] max_per_hour: \"%s\" is not a whole "
				"number from 1 to 1000000",
				value);
			return 0;
		}
		c->smtp_max_per_hour = (int)n;
	} else {
		problem(ps, "unknown key \"%s\" in section [smtp]", name);
		return 0;
	}
	return 1;
#undef IS
}

static int
handler(void *user, const char *section, const char *name, const char *value)
{
	struct parse_state *ps = user;
	struct cp_config *c = ps->c;
	unsigned long long n;

#define IS(s, k) (strcmp(section, (s)) == 0 && strcmp(name, (k)) == 0)
#define NUM(lo, hi)                                                           \
	do {                                                                  \
		if (!parse_num(value, (lo), (hi), &n)) {                      \
			problem(ps,                                           \
				"[%s] %s: \"%s\" is not a whole number from " \
				"%llu to %llu",                               \
				section, name, value,                         \
				(unsigned long long)(lo),                     \
				(unsigned long long)(hi));                    \
			return 0;                                             \
		}                                                             \
	} while (0)

	if (IS("store", "database")) {
		if (*value == '\0') {
			problem(ps, "[store] database: empty");
			return 0;
		}
		set_str(&c->database, value);
	} else if (IS("imap", "host")) {
		set_str(&c->imap_host, value);
	} else if (IS("imap", "port")) {
		NUM(1, 65535);
		c->imap_port = (int)n;
	} else if (IS("imap", "tls")) {
		if (strcmp(value, "imaps") != 0 &&
		    strcmp(value, "starttls") != 0 &&
		    strcmp(value, "none") != 0) {
			problem(ps,
				"[imap] tls: \"%s\" is not imaps, starttls or "
				"none",
				value);
			return 0;
		}
		set_str(&c->imap_tls, value);
	} else if (IS("imap", "ca_file")) {
		set_str(&c->imap_ca_file, value);
	} else if (IS("imap", "user")) {
		set_str(&c->imap_user, value);
	} else if (IS("imap", "password")) {
		set_str(&c->imap_password, value);
	} else if (IS("imap", "password_command")) {
		set_str(&c->imap_password_command, value);
	} else if (IS("imap", "mailbox")) {
		set_str(&c->imap_mailbox, *value ? value : "INBOX");
	} else if (IS("imap", "processed")) {
		set_str(&c->imap_processed, *value ? value : "Processed");
	} else if (IS("imap", "poll_interval")) {
		NUM(1, 86400);
		c->poll_interval = (int)n;
	} else if (IS("auth", "authserv_id")) {
		set_str(&c->authserv_id, value);
	} else if (IS("limits", "max_message_size")) {
		NUM(1024, 1024ULL * 1024 * 1024);
		c->limits.max_message_size = (size_t)n;
	} else if (IS("limits", "max_entries")) {
		NUM(1, 1000000);
		c->limits.max_entries = (size_t)n;
	} else if (IS("limits", "max_field_size")) {
		NUM(64, 64ULL * 1024 * 1024);
		c->limits.max_field_size = (size_t)n;
	} else if (IS("export", "address")) {
		set_str(&c->export_address, value);
	} else if (IS("export", "expected_themes")) {
		set_themes(&c->expected_themes, value);
	} else if (IS("export", "stale_years")) {
		NUM(1, 1000);
		c->stale_years = (int)n;
	} else if (IS("maintainer", "name")) {
		/* empty: none, the login name is used */
		const char *why = *value ? config_name_problem(value) : NULL;

		if (why != NULL) {
			problem(ps, "[maintainer] name: %s", why);
			return 0;
		}
		set_str(&c->maintainer_name, value);
	} else {
		problem(ps, "unknown key \"%s\" in section [%s]", name,
			section);
		return 0;
	}
	return 1;
#undef IS
#undef NUM
}

const char *
config_name_problem(const char *name)
{
	const unsigned char *p = (const unsigned char *)name;
	size_t len = strlen(name), n;
	unsigned cp;

	if (len == 0)
		return "empty";
	_Static_assert(CONFIG_NAME_MAX == 100, "the message below says 100");
	if (len > CONFIG_NAME_MAX)
		return "longer than 100 bytes";
	if (p[0] == ' ' || p[len - 1] == ' ')
		return "begins or ends with a space";
	while (len > 0) {
		if ((n = utf8_seq(p, len, &cp)) == 0)
			return "not UTF-8";
		if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
			return "holds a control character (one line, no "
			       "tabs)";
		if ((cp >= 0x202a && cp <= 0x202e) ||
		    (cp >= 0x2066 && cp <= 0x2069))
			return "holds a bidirectional override";
		p += n;
		len -= n;
	}
	return NULL;
}

/* [document]: what the title page says.  One line each; empty: none. */
static int
document_key(struct parse_state *ps, const char *section, const char *name,
	     const char *value)
{
	struct cp_config *c = ps->c;
	char **slot;
	size_t i;

#define IS(s, k) (strcmp(section, (s)) == 0 && strcmp(name, (k)) == 0)
	if (IS("document", "issued_by"))
		slot = &c->doc_issued_by;
	else if (IS("document", "base_url"))
		slot = &c->doc_base_url;
	else if (IS("document", "title"))
		slot = &c->doc_title;
	else if (IS("document", "subtitle"))
		slot = &c->doc_subtitle;
	else {
		problem(ps, "unknown key \"%s\" in section [document]", name);
		return 0;
	}
	for (i = 0; value[i]; i++)
		if ((unsigned char)value[i] < 0x20) {
			problem(ps, "[document] %s: holds a control character",
				name);
			return 0;
		}
	if (strcmp(name, "base_url") == 0 && *value &&
	    strncmp(value, "https://", 8) != 0 &&
	    strncmp(value, "http://", 7) != 0) {
		problem(ps, "[document] base_url: \"%s\" is not an http(s) URL",
			value);
		return 0;
	}
	free(*slot);
	*slot = *value ? xstrdup(value) : NULL;
	return 1;
#undef IS
}

/* inih's callback: [smtp] and [document] to their own readers, the rest
 * to handler(). */
static int
section_handler(void *user, const char *section, const char *name,
		const char *value)
{
	if (strcmp(section, "smtp") == 0)
		return smtp_key(user, section, name, value);
	if (strcmp(section, "document") == 0)
		return document_key(user, section, name, value);
	return handler(user, section, name, value);
}

const char *const config_default_themes[] = {
	"ICT development",  "governance",       "education",
	"health",           "child protection", "financial systems",
	"criminal justice", "crime prevention", NULL,
};

static void
defaults(struct cp_config *c)
{
	size_t i;

	memset(c, 0, sizeof(*c));
	c->database = xstrdup(CONFIG_DEFAULT_DATABASE);
	c->imap_tls = xstrdup("imaps");
	c->imap_mailbox = xstrdup("INBOX");
	c->imap_processed = xstrdup("Processed");
	c->poll_interval = 60;
	cp_limits_default(&c->limits);
	for (i = 0; config_default_themes[i] != NULL; i++)
		cp_strlist_add(&c->expected_themes, config_default_themes[i]);
	c->stale_years = 5;
	c->smtp_tls = xstrdup("smtps");
	c->smtp_receipts = 1;
	c->smtp_max_per_hour = 20;
}

/*
 * Whether the file with status sb may be believed: what it says is run
 * (password_command) and names the database, so nobody but its owner may
 * be able to change it, whatever it holds (SPEC §4), and its owner is the
 * user running the program or root, as ssh's StrictModes asks.  Checked
 * before a line of it is read.
 */
static int
trusted(const struct stat *sb, const char *path, struct cp_error *err)
{
	if ((sb->st_mode & 022) != 0) {
		cp_error_set(err, CP_EINVAL,
			     "%s: refused: its mode %04o lets %s write it "
			     "(chmod go-w it)",
			     path, (unsigned)(sb->st_mode & 07777),
			     (sb->st_mode & 002) ? "anyone" : "its group");
		return 0;
	}
	if (sb->st_uid != 0 && sb->st_uid != geteuid()) {
		cp_error_set(err, CP_EINVAL,
			     "%s: refused: owned by uid %u, neither this user "
			     "(uid %u) nor root",
			     path, (unsigned)sb->st_uid, (unsigned)geteuid());
		return 0;
	}
	return 1;
}

enum cp_status
config_load(const char *path, int must_exist, struct cp_config *out,
	    struct cp_error *err)
{
	struct parse_state ps;
	struct stat sb;
	FILE *f;
	int line;

	defaults(out);
	f = fopen(path, "r");
	if (f == NULL) {
		if (errno == ENOENT && !must_exist)
			return CP_OK;
		return cp_error_set(err, CP_EIO, "%s: %s", path,
				    strerror(errno));
	}
	out->path = xstrdup(path);
	/* The mode of the file opened, not of a path that may change. */
	if (fstat(fileno(f), &sb) != 0) {
		fclose(f);
		return cp_error_set(err, CP_EIO, "%s: %s", path,
				    strerror(errno));
	}
	out->file_mode = (unsigned)(sb.st_mode & 07777);
	if (!trusted(&sb, path, err)) {
		fclose(f);
		return CP_EINVAL;
	}
	memset(&ps, 0, sizeof(ps));
	ps.c = out;
	ps.f = f;
	line = ini_parse_stream(read_line, &ps, section_handler, &ps);
	fclose(f);
	/* A folder opens, then fails to read: not an empty file. */
	if (ps.read_errno != 0)
		return cp_error_set(err, CP_EIO, "%s: %s", path,
				    strerror(ps.read_errno));
	if (ps.problem_line != 0 && (line == 0 || ps.problem_line <= line))
		return cp_error_set(err, CP_EPARSE, "%s:%d: %s", path,
				    ps.problem_line, ps.problem);
	if (line != 0)
		return cp_error_set(err, CP_EPARSE, "%s:%d: %s", path, line,
				    "not a `key = value` line or [section]");
	return CP_OK;
}

void
config_free(struct cp_config *c)
{
	if (c == NULL)
		return;
	free(c->path);
	free(c->database);
	free(c->imap_host);
	free(c->imap_tls);
	free(c->imap_ca_file);
	free(c->imap_user);
	free(c->imap_password);
	free(c->imap_password_command);
	free(c->imap_mailbox);
	free(c->imap_processed);
	free(c->smtp_host);
	free(c->smtp_tls);
	free(c->smtp_ca_file);
	free(c->smtp_user);
	free(c->smtp_password_command);
	free(c->smtp_from);
	free(c->authserv_id);
	free(c->export_address);
	free(c->maintainer_name);
	free(c->doc_issued_by);
	free(c->doc_base_url);
	free(c->doc_title);
	free(c->doc_subtitle);
	cp_strlist_free(&c->expected_themes);
	memset(c, 0, sizeof(*c));
}

enum cp_status
config_check_secret(const struct cp_config *c, struct cp_error *err)
{
	if (c->imap_password != NULL && c->imap_password_command != NULL)
		return cp_error_set(err, CP_EINVAL,
				    "%s: [imap] password and password_command "
				    "are both set: keep one",
				    c->path ? c->path : "(no file)");
	if (c->imap_password != NULL && (c->file_mode & 077) != 0)
		return cp_error_set(
			err, CP_EINVAL,
			"%s: holds [imap] password but its mode "
			"%04o lets %s read it (chmod 600 it, or "
			"use password_command)",
			c->path ? c->path : "(no file)", c->file_mode,
			(c->file_mode & 007) ? "others" : "its group");
	return CP_OK;
}

/* Bytes kept of password_command's output; the rest is read and dropped. */
#define PASSWORD_MAX 4096

/* The command run through /bin/sh in a process group of its own (so that
 * what it starts can be ended with it), its standard output a pipe. */
static enum cp_status
spawn(const char *command, pid_t *pid_out, int *fd_out, struct cp_error *err)
{
	int fds[2];
	pid_t pid;

	if (pipe(fds) == -1)
		return cp_error_set(err, CP_EIO, "password_command: pipe: %s",
				    strerror(errno));
	fflush(NULL);
	pid = fork();
	if (pid == -1) {
		close(fds[0]);
		close(fds[1]);
		return cp_error_set(err, CP_EIO, "password_command: fork: %s",
				    strerror(errno));
	}
	if (pid == 0) {
		setpgid(0, 0);
		close(fds[0]);
		if (fds[1] != STDOUT_FILENO) {
			dup2(fds[1], STDOUT_FILENO);
			close(fds[1]);
		}
		execl("/bin/sh", "sh", "-c", command, (char *)NULL);
		_exit(127);
	}
	setpgid(pid, pid); /* as the child does: whichever runs first */
	close(fds[1]);
	*pid_out = pid;
	*fd_out = fds[0];
	return CP_OK;
}

static long long
now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/*
 * Read fd to its end into buf (len bytes kept, the rest dropped), until
 * the deadline or until w->wake_fd is readable or *w->stop is set: 1 at
 * the end of the output, 0 when the time ran out, -1 when woken.
 */
static int
read_output(int fd, const struct config_wait *w, long long deadline, char *buf,
	    size_t *len)
{
	struct pollfd p[2] = {{.fd = fd, .events = POLLIN},
			      {.fd = w ? w->wake_fd : -1, .events = POLLIN}};
	char junk[512];
	long long left;
	ssize_t r;

	for (;;) {
		if (w && w->stop && *w->stop)
			return -1;
		left = deadline - now_ms();
		if (left <= 0)
			return 0;
		if (poll(p, 2, left > INT_MAX ? INT_MAX : (int)left) == -1) {
			if (errno == EINTR)
				continue;
			return 1; /* treated as the end: the status decides */
		}
		if (p[1].revents & POLLIN)
			return -1;
		if (!(p[0].revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		if (*len < PASSWORD_MAX)
			r = read(fd, buf + *len, PASSWORD_MAX - *len);
		else
			r = read(fd, junk, sizeof(junk));
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			return 1;
		if (*len < PASSWORD_MAX)
			*len += (size_t)r;
	}
}

/*
 * Wait for pid to end, until the deadline or a wake-up as read_output():
 * 1 when it ended (*status set), 0 when the time ran out, -1 when woken.
 * A command that closed its output may still be running (`echo pw;
 * sleep 1000`): it gets the rest of the time.
 */
static int
wait_child(pid_t pid, const struct config_wait *w, long long deadline,
	   int *status)
{
	struct pollfd p = {.fd = w ? w->wake_fd : -1, .events = POLLIN};
	pid_t r;

	for (;;) {
		r = waitpid(pid, status, WNOHANG);
		if (r == pid || (r == -1 && errno != EINTR))
			return 1;
		if (w && w->stop && *w->stop)
			return -1;
		if (now_ms() >= deadline)
			return 0;
		/* no SIGCHLD to wait on here: look again in 10 ms */
		if (poll(&p, 1, 10) > 0 && (p.revents & POLLIN))
			return -1;
	}
}

/* End pid's process group and collect it. */
static void
kill_child(pid_t pid)
{
	int status;

	kill(-pid, SIGKILL);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
}

static double
timeout_s(const struct config_wait *w)
{
	return (w && w->timeout_ms > 0 ? w->timeout_ms
				       : CONFIG_PASSWORD_TIMEOUT_MS) /
	       1000.0;
}

/* "FILE: password_command `CMD` " + what, as err, returning code. */
static enum cp_status __attribute__((format(printf, 5, 6)))
command_fail(const struct cp_config *c, const char *command,
	     struct cp_error *err, enum cp_status code, const char *fmt, ...)
{
	struct cp_buf b = {0};
	va_list ap;

	va_start(ap, fmt);
	cp_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	cp_error_set(err, code, "%s: password_command `%s` %s",
		     c->path ? c->path : "(no file)", command, b.s);
	cp_buf_free(&b);
	return code;
}

/* The first line of what command prints (see config_password()). */
static enum cp_status
run_password_command(const struct cp_config *c, const char *command,
		     const struct config_wait *w, char **out,
		     struct cp_error *err)
{
	char buf[PASSWORD_MAX];
	size_t len = 0, n;
	enum cp_status rc = CP_OK;
	int fd = -1, status = 0, got;
	long long deadline;
	pid_t pid = -1;

	*out = NULL;
	if ((rc = spawn(command, &pid, &fd, err)) != CP_OK)
		return rc;
	deadline = now_ms() + (long long)(timeout_s(w) * 1000);
	got = read_output(fd, w, deadline, buf, &len);
	close(fd);
	if (got == 1)
		got = wait_child(pid, w, deadline, &status);
	if (got != 1)
		kill_child(pid);
	if (got == -1) {
		rc = command_fail(c, command, err, CP_ESTATE,
				  "ended: stopping");
		goto out;
	}
	if (got == 0) {
		rc = command_fail(c, command, err, CP_EINVAL,
				  "gave no password within %g s (ended)",
				  timeout_s(w));
		goto out;
	}
	if (WIFSIGNALED(status)) {
		rc = command_fail(c, command, err, CP_EINVAL,
				  "was killed by signal %d", WTERMSIG(status));
		goto out;
	}
	if (WEXITSTATUS(status) != 0) {
		rc = command_fail(c, command, err, CP_EINVAL,
				  "exited with status %d", WEXITSTATUS(status));
		goto out;
	}
	for (n = 0; n < len && buf[n] != '\n'; n++)
		;
	if (n > 0 && buf[n - 1] == '\r')
		n--;
	if (n == 0 || memchr(buf, '\0', n) != NULL) {
		rc = command_fail(c, command, err, CP_EINVAL,
				  "printed no password on its first line");
		goto out;
	}
	*out = xstrndup(buf, n);
out:
	explicit_bzero(buf, sizeof(buf));
	return rc;
}

enum cp_status
config_password(const struct cp_config *c, const struct config_wait *w,
		char **out, struct cp_error *err)
{
	*out = NULL;
	if (c->imap_password != NULL) {
		*out = xstrdup(c->imap_password);
		return CP_OK;
	}
	if (c->imap_password_command == NULL)
		return CP_OK;
	return run_password_command(c, c->imap_password_command, w, out, err);
}

enum cp_status
config_smtp_password(const struct cp_config *c, const struct config_wait *w,
		     char **out, struct cp_error *err)
{
	*out = NULL;
	if (c->smtp_password_command == NULL)
		return CP_OK;
	return run_password_command(c, c->smtp_password_command, w, out, err);
}
