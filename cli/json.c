/* SPDX-License-Identifier: MIT */
/*
 * json.c - the JSON output (json.h): `show --json`, and the arrays of
 * `list`, `messages`, `held`, `log`, `diff` and `message --json`.  The
 * only user of jansson.
 */
#include "json.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "change.h"
#include "cp.h"
#include "pager.h"
#include "revdiff.h"
#include "utf8.h"
#include "wdiff.h"

/* s[0..n) as a JSON string; bytes that are not UTF-8 (the store keeps
 * text as read) each become U+FFFD, so that the output is always JSON. */
static json_t *
str_n(const char *s, size_t n)
{
	json_t *j = json_stringn(s, n);
	struct cp_buf b = {0};
	unsigned cp;
	size_t i, k;

	if (j != NULL)
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

/* A string or null. */
static json_t *
text(const char *s)
{
	return s ? str_n(s, strlen(s)) : json_null();
}

/* A list stored one item a line (entities, errors, a field) as an array
 * of strings, [] when absent. */
static json_t *
lines(const char *s)
{
	json_t *a = json_array();
	const char *it = s, *item;
	size_t n;

	while (field_list_next(&it, &item, &n))
		json_array_append_new(a, str_n(item, n));
	return a;
}

/* Whether f shows on a terminal (stdout also through the pager). */
static int
on_terminal(FILE *f)
{
	return f == stdout ? cli_on_terminal() : isatty(fileno(f));
}

/*
 * Write o to f with flags.  On a terminal, non-ASCII as \uXXXX and DEL
 * as \u007f: JSON escapes the C0 controls only, and no C1 control, DEL
 * or bidirectional override may reach a terminal (SPEC §5).  (A DEL can
 * only be inside a string, where \u007f means the same.)  Piped, UTF-8
 * as it is.  0, or -1 when writing failed.
 */
static int
dump(json_t *o, FILE *f, size_t flags)
{
	char *s, *p;
	int rc = 0;

	flags |= JSON_PRESERVE_ORDER;
	if (!on_terminal(f))
		return json_dumpf(o, f, flags);
	if ((s = json_dumps(o, flags | JSON_ENSURE_ASCII)) == NULL)
		return -1;
	for (p = s; *p && rc == 0; p++)
		if ((*p == 0x7f ? fputs("\\u007f", f) : fputc(*p, f)) == EOF)
			rc = -1;
	free(s);
	return rc;
}

/* A field's value as its kind is shown: lists as arrays. */
static json_t *
field_json(enum field_id f, const char *v)
{
	return field_is_list(f) ? lines(v) : text(v);
}

/* The fields of one of the kinds in flags that have a JSON key. */
static void
set_fields(json_t *o, const struct store_revision *r, unsigned flags)
{
	int f;

	for (f = 0; f < FIELD_COUNT; f++)
		if ((field_table[f].flags & flags) && field_table[f].json)
			json_object_set_new(
				o, field_table[f].json,
				field_json((enum field_id)f, r->f[f]));
}

int
json_print_revision(FILE *f, const struct store_revision *r)
{
	json_t *o = json_object();
	int rc;

	set_fields(o, r, FIELD_KEY);
	json_object_set_new(o, "version", json_integer(r->version));
	json_object_set_new(
		o, "status",
		json_string(r->withdrawn ? "withdrawn" : "current"));
	set_fields(o, r, FIELD_OWN);
	json_object_set_new(o, "changed", text(r->changed));
	json_object_set_new(o, "sender", text(r->sender));
	rc = dump(o, f, JSON_INDENT(2));
	json_decref(o);
	if (rc == 0 && fputc('\n', f) == EOF)
		rc = -1;
	return rc;
}

void
json_list_begin(struct json_list *l, FILE *f)
{
	l->f = f;
	l->n = 0;
}

/* Write o, one line, as the next element; takes o. */
static int
add(struct json_list *l, json_t *o)
{
	fputs(l->n++ ? ",\n  " : "[\n  ", l->f);
	dump(o, l->f, 0);
	json_decref(o);
	return 0;
}

int
json_list_end(struct json_list *l)
{
	fputs(l->n ? "\n]\n" : "[]\n", l->f);
	return ferror(l->f) ? -1 : 0;
}

int
json_list_entry(const struct store_revision *r, void *list)
{
	json_t *o = json_object();

	/* The first keys of `show --json`, as the text's columns. */
	set_fields(o, r, FIELD_KEY);
	json_object_set_new(o, "version", json_integer(r->version));
	json_object_set_new(
		o, "status",
		json_string(r->withdrawn ? "withdrawn" : "current"));
	json_object_set_new(o, field_table[FIELD_TITLE].json,
			    text(r->f[FIELD_TITLE]));
	return add(list, o);
}

/* The keys `messages` and `held` share: id, received. */
static json_t *
message_object(const struct store_message *m)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(m->id));
	json_object_set_new(o, "received", text(m->received));
	return o;
}

/* The object of `messages --json`. */
static json_t *
message_full(const struct store_message *m)
{
	json_t *o = message_object(m);

	json_object_set_new(o, "status",
			    json_string(store_status_name(m->status)));
	json_object_set_new(o, "sender", text(m->sender));
	json_object_set_new(o, "message_id", text(m->message_id));
	json_object_set_new(o, "subject", text(m->subject));
	json_object_set_new(o, "errors", lines(m->errors));
	json_object_set_new(o, "warnings", lines(m->warnings));
	json_object_set_new(o, "held_reason", text(m->held_reason));
	json_object_set_new(o, "duplicate_of",
			    m->duplicate_of ? json_integer(m->duplicate_of)
					    : json_null());
	json_object_set_new(o, "unchanged", lines(m->unchanged));
	return o;
}

int
json_list_message(const struct store_message *m, void *list)
{
	return add(list, message_full(m));
}

int
json_list_held(const struct store_message *m, void *list)
{
	json_t *o = message_object(m);

	json_object_set_new(o, "sender", text(m->sender));
	json_object_set_new(o, "subject", text(m->subject));
	json_object_set_new(o, "entities", lines(m->entities));
	json_object_set_new(o, "held_reason", text(m->held_reason));
	return add(list, o);
}

int
json_list_hit(const struct store_hit *h, void *list)
{
	json_t *o = json_object();

	json_object_set_new(o, "entity", text(h->entity));
	json_object_set_new(o, "mandate", text(h->mandate));
	json_object_set_new(o, "version", json_integer(h->version));
	json_object_set_new(o, "title", text(h->title));
	json_object_set_new(o, "snippet", text(h->snippet));
	return add(list, o);
}

/* ---- log, diff, message ---- */

/* The items of a list's diff as an array of strings. */
static json_t *
items(const struct revdiff_items *l)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < l->n; i++)
		json_array_append_new(a, str_n(l->v[i].s, l->v[i].len));
	return a;
}

/* The word diff of fd as [{"op", "text"}], or null when it has none or
 * is a list's (a reordered list: `old` and `new` say it). */
static json_t *
words(const struct revdiff_field *fd)
{
	static const char *const op[] = {
		[WDIFF_SAME] = "same",
		[WDIFF_DEL] = "removed",
		[WDIFF_INS] = "added",
	};
	json_t *a, *o;
	size_t i;

	if (!fd->by_word || field_is_list(fd->field))
		return json_null();
	a = json_array();
	for (i = 0; i < fd->nwords; i++) {
		o = json_object();
		json_object_set_new(o, "op",
				    json_string(op[fd->words[i].kind]));
		json_object_set_new(o, "text",
				    str_n(fd->words[i].s, fd->words[i].len));
		json_array_append_new(a, o);
	}
	return a;
}

/* One element of a diff (keys: field, old, new, removed, added,
 * reordered, words); takes the values. */
static json_t *
diff_element(const char *field, json_t *old, json_t *new, json_t *removed,
	     json_t *added, int reordered, json_t *w)
{
	json_t *o = json_object();

	json_object_set_new(o, "field", json_string(field));
	json_object_set_new(o, "old", old);
	json_object_set_new(o, "new", new);
	json_object_set_new(o, "removed", removed);
	json_object_set_new(o, "added", added);
	json_object_set_new(o, "reordered", json_boolean(reordered));
	json_object_set_new(o, "words", w);
	return o;
}

/* A status of revdiff: null for "(none)", before the first version. */
static json_t *
status_value(const char *s)
{
	return strcmp(s, "(none)") == 0 ? json_null() : json_string(s);
}

/* A field's value in a diff: absent is null (an absent list too). */
static json_t *
diff_value(enum field_id f, const char *v)
{
	return v ? field_json(f, v) : json_null();
}

/* The difference from a (NULL: none) to b as an array of elements: the
 * status first when it changed, then each field as revdiff has it. */
static json_t *
diff_array(const struct store_revision *a, const struct store_revision *b)
{
	json_t *arr = json_array();
	struct revdiff d;
	size_t i;

	revdiff_compute(a, b, &d);
	if (d.status_changed)
		json_array_append_new(
			arr,
			diff_element("status", status_value(d.old_status),
				     status_value(d.new_status), json_null(),
				     json_null(), 0, json_null()));
	for (i = 0; i < d.n; i++) {
		const struct revdiff_field *fd = &d.v[i];
		int list = field_is_list(fd->field);

		json_array_append_new(
			arr,
			diff_element(field_table[fd->field].json,
				     diff_value(fd->field, fd->old_value),
				     diff_value(fd->field, fd->new_value),
				     list ? items(&fd->removed) : json_null(),
				     list ? items(&fd->added) : json_null(),
				     fd->reordered, words(fd)));
	}
	revdiff_free(&d);
	return arr;
}

/* A number, or null for 0. */
static json_t *
id_or_null(long long n)
{
	return n ? json_integer(n) : json_null();
}

/* The object of a change (keys in docs/CLI.md); with patch, "diff": the
 * difference from prev (NULL: r is the first version). */
static json_t *
change_object(const struct store_revision *r, const struct store_revision *prev,
	      int patch)
{
	json_t *o = json_object();
	const char *by = change_by(r);

	json_object_set_new(o, "change", json_integer(r->change));
	json_object_set_new(o, "time", text(r->changed));
	json_object_set_new(o, "sender", text(r->sender));
	json_object_set_new(o, "message_id", text(r->message_id));
	set_fields(o, r, FIELD_KEY);
	json_object_set_new(o, "version", json_integer(r->version));
	json_object_set_new(
		o, "status",
		json_string(r->withdrawn ? "withdrawn" : "current"));
	json_object_set_new(o, field_table[FIELD_ACTION].json,
			    json_string(change_action_word(r)));
	json_object_set_new(o, "reverts", id_or_null(r->reverts));
	json_object_set_new(o, field_table[FIELD_REASON].json,
			    text(r->f[FIELD_REASON]));
	json_object_set_new(o, "by", by ? text(r->action_actor) : json_null());
	json_object_set_new(o, "by_action", by ? json_string(by) : json_null());
	if (patch)
		json_object_set_new(o, "diff", diff_array(prev, r));
	return o;
}

int
json_list_change(struct json_list *l, const struct store_revision *r,
		 const struct store_revision *prev, int patch)
{
	return add(l, change_object(r, prev, patch));
}

int
json_list_diff(struct json_list *l, const struct store_revision *a,
	       const struct store_revision *b)
{
	json_t *arr = diff_array(a, b), *o;
	size_t i;

	json_array_foreach(arr, i, o) add(l, json_incref(o));
	json_decref(arr);
	return 0;
}

/* Adds each action on the message to the array arg: at, action, by,
 * detail. */
static int
action_entry(const struct store_action *a, void *arg)
{
	json_t *o = json_object();

	json_object_set_new(o, "at", text(a->at));
	json_object_set_new(o, "action",
			    json_string(store_action_kind_name(a->kind)));
	json_object_set_new(o, "by", text(a->actor));
	json_object_set_new(o, "detail", text(a->detail));
	json_array_append_new(arg, o);
	return 0;
}

/* Each part's text: {part, lines: [{n, role, text}]}. */
static json_t *
parts(const struct message_text *t)
{
	static const char *const role[] = {
		[MESSAGE_LINE_ENTRY] = "entry",
		[MESSAGE_LINE_PROSE] = "prose",
		[MESSAGE_LINE_BLANK] = "blank",
		[MESSAGE_LINE_QUOTED] = "quoted",
		[MESSAGE_LINE_SIGNATURE] = "signature",
	};
	json_t *a = json_array(), *p, *ls, *l;
	size_t i, j;

	for (i = 0; i < t->n; i++) {
		p = json_object();
		ls = json_array();
		json_object_set_new(p, "part", text(t->v[i].name));
		for (j = 0; j < t->v[i].lines.n; j++) {
			const struct text_line *tl = &t->v[i].lines.v[j];

			l = json_object();
			json_object_set_new(l, "n", json_integer(tl->lineno));
			json_object_set_new(l, "role",
					    json_string(role[t->v[i].role[j]]));
			json_object_set_new(l, "text",
					    str_n(tl->text, tl->len));
			json_array_append_new(ls, l);
		}
		json_object_set_new(p, "lines", ls);
		json_array_append_new(a, p);
	}
	return a;
}

/* The entries as parsed: part, line, then every field by its JSON key,
 * null when not given, lists as arrays. */
static json_t *
entries(const struct entry_list *el)
{
	json_t *a = json_array(), *o;
	size_t i;
	int f;

	for (i = 0; i < el->n; i++) {
		o = json_object();
		json_object_set_new(o, "part", text(el->v[i].part));
		json_object_set_new(o, "line", json_integer(el->v[i].lineno));
		for (f = 0; f < FIELD_COUNT; f++)
			json_object_set_new(
				o, field_table[f].json,
				diff_value((enum field_id)f, el->v[i].val[f]));
		json_array_append_new(a, o);
	}
	return a;
}

/* A list of strings as an array. */
static json_t *
strings(const struct cp_strlist *l)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < l->n; i++)
		json_array_append_new(a, text(l->v[i]));
	return a;
}

/* What accepting or reprocessing would do now: if, applies, changes,
 * unchanged, errors, held_reason; null when the message has no such
 * action. */
static json_t *
would_change(const struct json_message *jm)
{
	const struct ingest_result *r;
	json_t *o, *ch, *er;
	size_t i;

	if (!jm->planned)
		return json_null();
	o = json_object();
	json_object_set_new(o, "if",
			    json_string(jm->action == INGEST_ACCEPT
						? "accepted"
						: "reprocessed"));
	ch = json_array();
	if (jm->plan == NULL) {
		er = json_array();
		json_array_append_new(er, text(jm->plan_error));
		json_object_set_new(o, "applies", json_false());
		json_object_set_new(o, "changes", ch);
		json_object_set_new(o, "unchanged", json_array());
		json_object_set_new(o, "errors", er);
		json_object_set_new(o, "held_reason", json_null());
		return o;
	}
	r = &jm->plan->result;
	if (r->status == STORE_APPLIED)
		for (i = 0; i < jm->plan->n; i++)
			json_array_append_new(
				ch, change_object(&jm->plan->v[i].rev,
						  jm->plan->v[i].prev.version
							  ? &jm->plan->v[i].prev
							  : NULL,
						  1));
	json_object_set_new(o, "applies",
			    json_boolean(r->status == STORE_APPLIED));
	json_object_set_new(o, "changes", ch);
	json_object_set_new(o, "unchanged", strings(&r->unchanged));
	json_object_set_new(o, "errors", strings(&r->errors));
	json_object_set_new(o, "held_reason", text(r->held_reason));
	return o;
}

int
json_print_message(FILE *f, struct store *st, const struct json_message *jm,
		   struct cp_error *err)
{
	struct json_list l;
	json_t *o = message_full(jm->m), *acts = json_array();
	int read = !jm->header_only;

	if (store_message_actions(st, jm->m->id, action_entry, acts, err) !=
	    CP_OK) {
		json_decref(acts);
		json_decref(o);
		return -1;
	}
	json_object_set_new(o, "header_only", json_boolean(jm->header_only));
	json_object_set_new(o, "actions", acts);
	json_object_set_new(o, "parts", parts(jm->t));
	json_object_set_new(o, "entries", entries(&jm->p->entries));
	json_object_set_new(o, "errors_now",
			    read ? strings(&jm->p->errors) : json_null());
	json_object_set_new(o, "warnings_now",
			    read ? (jm->p->mm ? strings(&jm->p->mm->warnings)
					      : json_array())
				 : json_null());
	json_object_set_new(o, "would_change", would_change(jm));
	json_list_begin(&l, f);
	add(&l, o);
	return json_list_end(&l);
}

int
json_list_outbox(const struct store_outbox *ob, void *list)
{
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
	return add(list, o);
}
