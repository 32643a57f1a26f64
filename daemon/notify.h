/* SPDX-License-Identifier: MIT */
/*
 * notify.h - systemd's readiness protocol (sd_notify(3)) without
 * libsystemd: one datagram to $NOTIFY_SOCKET, so Type=notify works on any
 * build, and nothing happens when the variable is not set.
 */
#ifndef NOTIFY_H
#define NOTIFY_H

/* Send state (e.g. "READY=1", "STOPPING=1", "STATUS=...") to the service
 * manager; 1 when sent, 0 when there is none, -1 on an error. */
int notify_send(const char *state);

#endif
