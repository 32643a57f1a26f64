/* SPDX-License-Identifier: MIT */
/*
 * config.h - /etc/compendium.conf (SPEC §4), shared by `compendium` and
 * `compendiumd`.  Only config.c includes inih.
 */
#ifndef CONFIG_H
#define CONFIG_H

#include <signal.h>

#include "cp.h"

#define CONFIG_DEFAULT_PATH     "/etc/compendium.conf"
#define CONFIG_DEFAULT_DATABASE "/var/lib/compendium/compendium.db"

struct cp_config {
	char *path;         /* owned: the file read, NULL when none */
	unsigned file_mode; /* its permission bits (07777), 0 when none */
	/* [store] */
	char *database; /* owned */
	/* [imap] */
	char *imap_host;             /* owned, may be NULL */
	int imap_port;               /* 0: by tls (993 or 143) */
	char *imap_tls;              /* owned: imaps | starttls | none */
	char *imap_ca_file;          /* owned, may be NULL */
	char *imap_user;             /* owned, may be NULL */
	char *imap_password;         /* owned, may be NULL */
	char *imap_password_command; /* owned, may be NULL */
	char *imap_mailbox;          /* owned: INBOX */
	char *imap_processed;        /* owned: Processed */
	int poll_interval;           /* seconds, 60 */
	/* [smtp] (SPEC §7) */
	char *smtp_host;             /* owned, NULL: no receipts can go */
	int smtp_port;               /* 0: by tls (465 or 587) */
	char *smtp_tls;              /* owned: smtps | starttls | none */
	char *smtp_ca_file;          /* owned, may be NULL */
	char *smtp_user;             /* owned, NULL: no AUTH */
	char *smtp_password_command; /* owned, may be NULL */
	char *smtp_from;             /* owned: a mailbox, checked by the
					daemon (smtp_conf_from_config()) */
	int smtp_receipts;           /* 1 (yes) unless `receipts = no` */
	int smtp_max_per_hour;       /* receipts to one address; 20 */
	/* [auth] */
	char *authserv_id; /* owned, may be NULL */
	/* [limits] */
	struct cp_limits limits;
	/* [export] */
	char *export_address;              /* owned: where updates are sent;
					 NULL: "the compendium mailbox" */
	struct cp_strlist expected_themes; /* the gap report's expected themes
					      (Annex III para. 3(a) unless
					      configured) */
	int stale_years;                   /* gap report: not amended for more
					 than N years; 5 */
	/* [document] (all owned, may be NULL) */
	char *doc_issued_by; /* the issuing body on the title page */
	char *doc_base_url;  /* where the published site lives */
	char *doc_title;     /* replaces the title of SPEC §6 */
	char *doc_subtitle;  /* a subtitle on the title page */
	/* [maintainer] */
	char *maintainer_name; /* owned, may be NULL: who the maintainers'
				  actions are recorded as, unless --as */
};

/* The default expected themes of the gap report (seed Annex III para. 3(a)),
 * NULL-terminated. */
extern const char *const config_default_themes[];

/*
 * Read the configuration at path into out (defaults for what it does not
 * say).  A missing file is fine when !must_exist (the defaults stand);
 * unknown sections or keys, and bad values, are CP_EPARSE with err naming
 * the file and line.  Free with config_free().
 */
enum cp_status config_load(const char *path, int must_exist,
			   struct cp_config *out, struct cp_error *err);
void config_free(struct cp_config *c);

/* The longest maintainer's name, in bytes. */
#define CONFIG_NAME_MAX 100

/*
 * What is wrong with name as the name a maintainer's actions are recorded
 * under (--as, [maintainer] name, the login name), or NULL when nothing
 * is: it is one line of 1 to CONFIG_NAME_MAX bytes of UTF-8, without
 * control characters (C0, tab and line ends included, DEL, C1) or
 * bidirectional overrides, and neither begins nor ends with a space.  The
 * text is static.
 */
const char *config_name_problem(const char *name);

/*
 * The daemon's checks of the secret (issue 4): CP_EINVAL with err naming
 * the file and its mode when c holds [imap] password and the file is
 * readable by group or others, or when both password and password_command
 * are set.
 */
enum cp_status config_check_secret(const struct cp_config *c,
				   struct cp_error *err);

/* How long password_command may take (SPEC §4). */
#define CONFIG_PASSWORD_TIMEOUT_MS 30000

/* What ends the wait for password_command early (all optional). */
struct config_wait {
	int timeout_ms;                    /* 0: CONFIG_PASSWORD_TIMEOUT_MS */
	int wake_fd;                       /* readable: stop waiting; -1 */
	const volatile sig_atomic_t *stop; /* set: stop waiting; NULL */
};

/*
 * The IMAP password: [imap] password, else the first line of what
 * [imap] password_command prints on standard output (run through
 * /bin/sh -c in a process group of its own; its standard error passes
 * through).  A non-zero exit, a signal, or no password printed is
 * CP_EINVAL with err saying which.  The command gets w->timeout_ms (30 s
 * unless set): then it and what it started are killed and the result is
 * CP_EINVAL saying so.  When w->wake_fd becomes readable or *w->stop is
 * set (the daemon's SIGTERM), the command is killed the same way and the
 * result is CP_ESTATE.  w may be NULL.  *out is NULL (CP_OK) when neither
 * is set; the caller frees it.
 */
enum cp_status config_password(const struct cp_config *c,
			       const struct config_wait *w, char **out,
			       struct cp_error *err);

/*
 * The SMTP password: the first line of what [smtp] password_command
 * prints, run and bounded exactly as config_password() runs [imap]'s.
 * *out is NULL (CP_OK) when no command is set; the caller frees it.
 */
enum cp_status config_smtp_password(const struct cp_config *c,
				    const struct config_wait *w, char **out,
				    struct cp_error *err);

#endif
