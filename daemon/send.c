/* SPDX-License-Identifier: MIT */
/*
 * send.c - the outbox to the SMTP server (send.h).
 */
#include "send.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "receipt_make.h"
#include "smtp.h"
#include "store_outbox.h"
#include "timeutil.h"
#include "xmalloc.h"

/* One sending round: the connection and what it needs. */
struct sender {
	struct store *st;
	const struct cp_config *cfg;
	struct smtp_conf sc;
	char *from_addr;             /* owned: the envelope sender */
	const struct config_wait *w; /* borrowed: the daemon's stop */
	char *password;              /* owned: from password_command, at AUTH */
	struct smtp *s;              /* NULL: not open */
	int down;       /* the server cannot be reached this round */
	char why[1024]; /* why it could not, for the receipts left */
};

static enum cp_status
password(void *arg, const char **out, struct cp_error *err)
{
	struct sender *sd = arg;
	enum cp_status rc;

	free(sd->password);
	sd->password = NULL;
	rc = config_smtp_password(sd->cfg, sd->w, &sd->password, err);
	*out = sd->password;
	return rc;
}

/* Whether the daemon is stopping (SIGTERM, SIGINT). */
static int
stopping(const struct sender *sd)
{
	return sd->w != NULL && sd->w->stop != NULL && *sd->w->stop;
}

/* Open the connection when it is not (or no more): 0, or -1 with
 * sd->down and sd->why set, logged. */
static int
connect_smtp(struct sender *sd)
{
	struct cp_error err = {0};
	enum smtp_status st;

	if (sd->s != NULL && smtp_alive(sd->s))
		return 0;
	smtp_close(sd->s);
	sd->s = NULL;
	if ((st = smtp_open(&sd->sc, &sd->s, &err)) == SMTP_OK) {
		log_info("%s: SMTP connection open", smtp_where(sd->s));
		return 0;
	}
	sd->down = 1;
	snprintf(sd->why, sizeof(sd->why), "%s", err.msg);
	if (stopping(sd))
		log_info("receipts: %s; they stay queued", err.msg);
	else if (st == SMTP_ETEMP)
		log_warn("receipts: %s; they stay queued", err.msg);
	else
		log_error("receipts: %s: NOTHING CAN BE SENT until this is "
			  "fixed; they stay queued",
			  err.msg);
	return -1;
}

/* A temporary failure of receipt o at now. */
static void
retry(struct sender *sd, const struct store_outbox *o, const char *now,
      const char *why)
{
	struct cp_error err = {0};
	int failed = 0;

	if (store_outbox_retry(sd->st, o->id, now, why, &failed, &err) != CP_OK)
		log_error("receipt %lld: %s", (long long)o->id, err.msg);
	else if (failed)
		log_error("receipt %lld to %s: failed: gave up after 5 days: "
			  "%s",
			  (long long)o->id, o->recipient, why);
	else
		log_info("receipt %lld to %s: not sent (%s): tried again later",
			 (long long)o->id, o->recipient, why);
}

/* Send receipt o (its status queued): built and saved first. */
static void
send_one(struct sender *sd, struct store_outbox *o)
{
	struct cp_error err = {0};
	struct smtp_result res;
	char now[CP_TIME_LEN];
	enum cp_status rc;

	cp_time_now(now);
	if (sd->down) {
		retry(sd, o, now, sd->why);
		return;
	}
	rc = receipt_bytes(sd->st, o, 1, &sd->cfg->limits, &err);
	if (rc == CP_EINVAL) {
		/* it can never be made: no use trying again */
		log_error("receipt %lld: %s", (long long)o->id, err.msg);
		if (store_outbox_fail(sd->st, o->id, now, err.msg, &err) !=
		    CP_OK)
			log_error("receipt %lld: %s", (long long)o->id,
				  err.msg);
		return;
	}
	if (rc != CP_OK) {
		log_error("receipt %lld: %s", (long long)o->id, err.msg);
		return;
	}
	if (connect_smtp(sd) != 0) {
		/* a stop during password_command is no failed attempt */
		if (!stopping(sd))
			retry(sd, o, now, sd->why);
		return;
	}
	log_info("receipt %lld (%s, <%s>) to %s: sending", (long long)o->id,
		 o->kind, o->message_id, o->recipient);
	switch (smtp_send(sd->s, sd->from_addr, o->recipient, o->bytes, o->len,
			  &res)) {
	case SMTP_SENT:
		/* the moment a crash makes a duplicate: tests kill here */
		log_debug("receipt %lld: accepted by the server; marking it "
			  "sent",
			  (long long)o->id);
		cp_time_now(now);
		if (store_outbox_mark_sent(sd->st, o->id, now, &err) != CP_OK)
			log_error("receipt %lld: sent, but %s",
				  (long long)o->id, err.msg);
		else
			log_info("receipt %lld to %s: sent", (long long)o->id,
				 o->recipient);
		break;
	case SMTP_TEMPORARY:
		retry(sd, o, now, res.text);
		break;
	case SMTP_PERMANENT:
		log_warn("receipt %lld to %s: refused: %s", (long long)o->id,
			 o->recipient, res.text);
		if (store_outbox_fail(sd->st, o->id, now, res.text, &err) !=
		    CP_OK)
			log_error("receipt %lld: %s", (long long)o->id,
				  err.msg);
		break;
	}
}

struct ids {
	int64_t v[SEND_BATCH];
	size_t n;
};

static int
take_id(const struct store_outbox *o, void *arg)
{
	struct ids *ids = arg;

	ids->v[ids->n++] = o->id;
	return 0;
}

/* Seconds from now until the next attempt of a queued receipt; -1 when
 * none is queued. */
static int64_t
next_wait(struct store *st)
{
	struct cp_error err = {0};
	char now[CP_TIME_LEN];
	char *at = NULL;
	int64_t w = -1;

	if (store_outbox_next(st, &at, &err) != CP_OK) {
		log_error("receipts: %s", err.msg);
		return -1;
	}
	if (at != NULL) {
		cp_time_now(now);
		w = cp_time_epoch(at) - cp_time_epoch(now);
		w = w < 0 ? 0 : w;
	}
	free(at);
	return w;
}

/* The due receipts, a batch at a time, until none is due (each one sent
 * is due no more), max batches were sent (0: no bound), stop is set, or
 * the store fails.  1 when it stopped at max, else 0. */
static int
send_batches(struct sender *sd, size_t max)
{
	struct store_outbox o;
	struct cp_error err = {0};
	char now[CP_TIME_LEN];
	struct ids ids;
	int64_t last = 0;
	size_t i, batches = 0;

	for (;;) {
		if (max != 0 && batches++ == max)
			return 1;
		ids.n = 0;
		cp_time_now(now);
		if (store_outbox_due(sd->st, now, SEND_BATCH, take_id, &ids,
				     &err) != CP_OK) {
			log_error("receipts: %s", err.msg);
			return 0;
		}
		if (ids.n == 0)
			return 0;
		for (i = 0; i < ids.n; i++) {
			if (stopping(sd))
				return 0;
			if (store_outbox_by_id(sd->st, ids.v[i], &o, &err) !=
			    CP_OK)
				continue;
			if (o.status == OUTBOX_QUEUED)
				send_one(sd, &o);
			store_outbox_clear(&o);
		}
		/* a receipt still due after its round (the store refusing
		 * to mark it) is left for the next sync */
		if (ids.v[0] == last)
			return 0;
		last = ids.v[0];
	}
}

enum cp_status
send_check(const struct cp_config *cfg, struct cp_error *err)
{
	struct smtp_conf sc;
	char *from_addr = NULL;
	enum cp_status rc;

	if (cfg->smtp_host == NULL || !cfg->smtp_receipts)
		return CP_OK;
	rc = smtp_conf_from_config(cfg, &sc, &from_addr, err);
	free(from_addr);
	if (rc == CP_OK && cfg->smtp_user != NULL &&
	    cfg->smtp_password_command == NULL)
		rc = cp_error_set(err, CP_EINVAL,
				  "%s: [smtp] user is set but password_command "
				  "is not",
				  cfg->path ? cfg->path : "(no file)");
	return rc;
}

int
send_due(struct store *st, const struct cp_config *cfg, size_t max,
	 const struct config_wait *w, int64_t *wait_s_out)
{
	struct sender sd = {.st = st, .cfg = cfg, .w = w};
	struct cp_error err = {0};
	int more;

	*wait_s_out = -1;
	if (cfg->smtp_host == NULL || cfg->smtp_from == NULL ||
	    !cfg->smtp_receipts)
		return 0;
	if (smtp_conf_from_config(cfg, &sd.sc, &sd.from_addr, &err) != CP_OK) {
		log_error("receipts: %s: NOTHING CAN BE SENT", err.msg);
		free(sd.from_addr);
		return 0;
	}
	sd.sc.password = password;
	sd.sc.password_arg = &sd;
	more = send_batches(&sd, max);
	smtp_close(sd.s);
	if (sd.password)
		explicit_bzero(sd.password, strlen(sd.password));
	free(sd.password);
	free(sd.from_addr);
	*wait_s_out = next_wait(st);
	return more && *wait_s_out == 0;
}
