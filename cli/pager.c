/* SPDX-License-Identifier: MIT */
/*
 * pager.c - the pager and colour decision (pager.h), after git's pager.c
 * and run-command.c.
 */
#include "pager.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"

static const struct cli *term_cli; /* borrowed, from cli_term_init() */
static int out_tty = -1;           /* stdout a terminal; -1: not asked */
static volatile pid_t pager_pid;   /* the pager, once started */
static volatile int err_to_pager;  /* stderr is the pager's pipe too */

int
cli_color_parse(const char *s)
{
	if (s == NULL || strcmp(s, "always") == 0)
		return CLI_COLOR_ALWAYS;
	if (strcmp(s, "auto") == 0)
		return CLI_COLOR_AUTO;
	if (strcmp(s, "never") == 0)
		return CLI_COLOR_NEVER;
	return -1;
}

void
cli_term_init(const struct cli *c)
{
	term_cli = c;
}

int
cli_on_terminal(void)
{
	if (out_tty < 0)
		out_tty = isatty(STDOUT_FILENO);
	return out_tty;
}

int
cli_use_color(void)
{
	int mode = term_cli ? term_cli->color : CLI_COLOR_AUTO;
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");

	if (mode != CLI_COLOR_AUTO)
		return mode == CLI_COLOR_ALWAYS;
	/* A terminal that cannot show colour says so by TERM=dumb (Emacs's
	 * shell), or by no TERM at all: git's rule too. */
	if (term == NULL || strcmp(term, "dumb") == 0)
		return 0;
	return cli_on_terminal() && (nc == NULL || *nc == '\0');
}

/* Close our ends of the pipe, so the pager sees its end of input, and
 * wait for it: the shell's prompt comes back after the pager is gone.
 * Only async-signal-safe calls: it also runs in the signal handler. */
static void
close_and_wait(void)
{
	pid_t pid = pager_pid;

	if (pid <= 0)
		return;
	pager_pid = 0;
	close(STDOUT_FILENO);
	if (err_to_pager)
		close(STDERR_FILENO);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
}

static void
wait_at_exit(void)
{
	fflush(stdout);
	fflush(stderr);
	close_and_wait();
}

/*
 * SIGPIPE: the pager quit before reading all (the user pressed q): the
 * rest is not wanted, and that is no error (exit 0, nothing said).  An
 * interrupt: wait for the pager, which the terminal's ^C reaches too,
 * then die of the signal as we would have.
 */
static void
on_signal(int sig)
{
	close_and_wait();
	if (sig == SIGPIPE)
		_exit(EXIT_OK);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* A command of one word is run as it is; one with shell syntax (a space,
 * quotes, $, ...) by sh -c, as git does. */
static int
needs_shell(const char *cmd)
{
	return cmd[strcspn(cmd, "|&;<>()$`\\\"' \t\n*?[#~=%")] != '\0';
}

/*
 * Fork the pager reading from in_fd.  Returns its pid, or -1 when it
 * could not be started (no fork, or a one-word command that exec could
 * not run: a close-on-exec pipe tells which, as git's start_command()
 * does).
 */
static pid_t
spawn(const char *cmd, int in_fd, int out_fd)
{
	int report[2], e = 0;
	ssize_t n;
	pid_t pid;

	if (pipe(report) != 0)
		return -1;
	(void)fcntl(report[1], F_SETFD, FD_CLOEXEC);
	pid = fork();
	if (pid == 0) {
		close(report[0]);
		close(out_fd);
		if (dup2(in_fd, STDIN_FILENO) < 0)
			_exit(127);
		close(in_fd);
		if (needs_shell(cmd))
			execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		else
			execlp(cmd, cmd, (char *)NULL);
		e = errno;
		(void)write(report[1], &e, sizeof(e));
		_exit(127);
	}
	close(report[1]);
	if (pid < 0) {
		close(report[0]);
		return -1;
	}
	do
		n = read(report[0], &e, sizeof(e));
	while (n < 0 && errno == EINTR);
	close(report[0]);
	if (n > 0) { /* exec failed: the child is gone */
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
		return -1;
	}
	return pid;
}

void
cli_pager_start(const struct cli *c)
{
	static const int sigs[] = {SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT};
	const char *cmd = getenv("PAGER");
	int fd[2];
	size_t i;
	pid_t pid;

	if (pager_pid > 0 || c->no_pager || !isatty(STDOUT_FILENO))
		return;
	/* Colour follows the pager's output, the terminal: decided now,
	 * before standard output becomes a pipe. */
	out_tty = 1;
	if (cmd == NULL)
		cmd = "less";
	if (*cmd == '\0' || strcmp(cmd, "cat") == 0)
		return;
	setenv("LESS", "FRX", 0);
	setenv("LV", "-c", 0);
	fflush(stdout);
	fflush(stderr);
	if (pipe(fd) != 0)
		return;
	if ((pid = spawn(cmd, fd[0], fd[1])) < 0) {
		close(fd[0]);
		close(fd[1]);
		return;
	}
	close(fd[0]);
	err_to_pager = isatty(STDERR_FILENO);
	if (dup2(fd[1], STDOUT_FILENO) < 0 ||
	    (err_to_pager && dup2(fd[1], STDERR_FILENO) < 0))
		err_to_pager = 0; /* (cannot happen: both fds are open) */
	close(fd[1]);
	pager_pid = pid;
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		signal(sigs[i], on_signal);
	atexit(wait_at_exit);
}
