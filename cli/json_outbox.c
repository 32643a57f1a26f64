/* SPDX-License-Identifier: MIT */
/*
 * json_outbox.c - `compendium outbox --json`: each receipt of the outbox
 * as one object of a JSON array (keys in docs/CLI.md), written as json.c
 * writes its arrays: one object a line, bytes that are not UTF-8 as
 * U+FFFD, on a terminal non-ASCII and DEL as \uXXXX.
 */
#include "json_outbox.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cp.h"
#include "pager.h"
#include "utf8.h"

/* s as a JSON string (each byte that is not UTF-8 as U+FFFD), or null. */
static json_t *
text(const char *s)
{
	struct cp_buf b = {0};
	unsigned cp;
	size_t i, k, n;
	json_t *j;

	if (s == NULL)
		return json_null();
	n = strlen(s);
	if ((j = json_stringn(s, n)) != NULL)
		return j;
	for (i = 0; i < n; i += k) {
		k = utf8_seq((const unsigned char *)s + i, n - i, &cp);
		if (k == 0) {
			cp_buf_add(&b, "\xef\xbf\xbd", 3);
			k = 1;
		} else {
			cp_buf_add(&b, s + i, k);
		}
	}
	j = json_stringn(b.s ? b.s : "", b.len);
	cp_buf_free(&b);
	return j;
}

/* o on one line: on a terminal ASCII only (\uXXXX, DEL as \u007f). */
static void
dump(json_t *o, FILE *f)
{
	size_t flags = JSON_PRESERVE_ORDER;
	char *s, *p;

	if (f != stdout || !cli_on_terminal()) {
		json_dumpf(o, f, flags);
		return;
	}
	if ((s = json_dumps(o, flags | JSON_ENSURE_ASCII)) == NULL)
		return;
	for (p = s; *p; p++)
		if (*p == 0x7f)
			fputs("\\u007f", f);
		else
			fputc(*p, f);
	free(s);
}

int
json_outbox_add(const struct store_outbox *ob, void *list)
{
	struct json_outbox *l = list;
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(ob->id));
	json_object_set_new(o, "created", text(ob->created));
	json_object_set_new(o, "status",
			    json_string(store_outbox_status_name(ob->status)));
	json_object_set_new(o, "recipient", text(ob->recipient));
	json_object_set_new(o, "kind", text(ob->kind));
	json_object_set_new(o, "message", json_integer(ob->message));
	json_object_set_new(o, "message_id", text(ob->orig_message_id));
	json_object_set_new(o, "receipt_message_id", text(ob->message_id));
	json_object_set_new(o, "attempts", json_integer(ob->attempts));
	json_object_set_new(o, "next_attempt", text(ob->next_attempt));
	json_object_set_new(o, "last_error", text(ob->last_error));
	json_object_set_new(o, "sent_at", text(ob->sent_at));
	fputs(l->n++ ? ",\n  " : "[\n  ", l->f);
	dump(o, l->f);
	json_decref(o);
	return 0;
}

int
json_outbox_end(struct json_outbox *l)
{
	fputs(l->n ? "\n]\n" : "[]\n", l->f);
	return ferror(l->f) ? -1 : 0;
}
