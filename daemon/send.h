/* SPDX-License-Identifier: MIT */
/*
 * send.h - the outbox to the SMTP server (SPEC §7): compendiumd calls
 * send_due() after each sync and when a receipt's next attempt comes
 * while it idles.  See docs/compendiumd.md, "Receipts".
 */
#ifndef SEND_H
#define SEND_H

#include <signal.h>
#include <stdint.h>

#include "config.h"

/* Receipts read from the outbox at a time. */
#define SEND_BATCH 64
#include "store.h"

/*
 * Whether [smtp] of cfg can send, checked at start and on SIGHUP: with
 * host set and receipts = yes, `from` must be set and be one address,
 * and `user` needs `password_command`.
 * CP_EINVAL with err naming the file and the key.
 */
enum cp_status send_check(const struct cp_config *cfg, struct cp_error *err);

/*
 * Send every queued receipt whose next attempt has come, oldest first,
 * over one SMTP connection (opened when the first is due, opened again
 * when it is lost, closed at the end), when [smtp] host and from are set
 * and receipts = yes; at most max batches of SEND_BATCH (0: all), so that
 * a long queue does not hold the next sync back.  Each receipt's bytes are built and saved first
 * (receipt_bytes()), so that every attempt sends the same; then it is
 * marked sent, retried after a back-off (4xx, the connection or TLS or
 * AUTH failing: logged, loudly for TLS, AUTH and the configuration) or
 * failed (5xx, with the server's answer).  Stops between two receipts
 * when *w->stop is set; password_command is run under w (config.h: its
 * wait ends when w->wake_fd is readable or *w->stop set), and a stop
 * while it runs leaves the receipts queued as they were, their attempts
 * not counted.  Nothing it meets is fatal: every problem is logged.
 * *wait_s_out: seconds until the next attempt of a queued receipt (0:
 * one is due now), -1 when none is queued or none can be sent.
 * 1 when it stopped at max batches and more are due now, else 0.
 */
int send_due(struct store *st, const struct cp_config *cfg, size_t max,
	     const struct config_wait *w, int64_t *wait_s_out);

#endif
