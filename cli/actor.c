/* SPDX-License-Identifier: MIT */
/*
 * actor.c - who a maintainer's action is recorded as (cli.h, cli_actor()).
 */
#include <stdlib.h>

#include "cli.h"

/* An environment variable, NULL when unset or empty. */
static const char *
env(const char *name)
{
	const char *v = getenv(name);

	return v != NULL && *v != '\0' ? v : NULL;
}

const char *
cli_actor(const struct cli *c)
{
	const char *name, *from, *why;

	if (c->as != NULL) {
		name = c->as;
		from = "--as";
	} else if (c->cfg.maintainer_name != NULL) {
		/* checked when the configuration was read */
		return c->cfg.maintainer_name;
	} else if ((name = env("SUDO_USER")) != NULL) {
		from = "SUDO_USER";
	} else if ((name = env("USER")) != NULL) {
		from = "USER";
	} else {
		cli_error("cannot tell who is acting: give --as NAME, or set "
			  "[maintainer] name in %s, or SUDO_USER or USER in "
			  "the environment; nothing done",
			  c->cfg.path ? c->cfg.path : c->config_path);
		return NULL;
	}
	if ((why = config_name_problem(name)) != NULL) {
		cli_error("%s \"%s\" is not a maintainer's name: %s; nothing "
			  "done",
			  from, name, why);
		return NULL;
	}
	return name;
}
