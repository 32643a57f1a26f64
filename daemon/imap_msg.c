/* SPDX-License-Identifier: MIT */
/*
 * imap_msg.c - the messages of the selected mailbox (see imap.h): listing
 * UIDs and sizes, fetching bodies or header blocks, moving what is done.
 * The connection and its link are imap.c's.
 */
#include "imap_priv.h"

#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

/* ---- messages ---- */

/* A set of UIDs as ranges: "3:7,9" (uids ascending). */
static struct mailimap_set *
uid_set(const uint32_t *uids, size_t n)
{
	struct mailimap_set *set = mailimap_set_new_empty();
	size_t i, j;

	if (set == NULL)
		abort();
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && uids[j] == uids[j - 1] + 1; j++)
			;
		if (mailimap_set_add_interval(set, uids[i], uids[j - 1]) !=
		    MAILIMAP_NO_ERROR)
			abort();
	}
	return set;
}

static int
cmp_msg(const void *a, const void *b)
{
	const struct imap_msg *x = a, *y = b;

	return x->uid < y->uid ? -1 : x->uid > y->uid;
}

static int
cmp_uid(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

enum imap_status
imap_list_after(struct imap *im, uint32_t after, struct imap_msg **v, size_t *n,
		struct cp_error *err)
{
	struct mailimap_fetch_type *ft;
	struct mailimap_set *set;
	clist *result = NULL;
	clistiter *cur, *ic;
	size_t cap = 0;
	int r;

	*v = NULL;
	*n = 0;
	set = mailimap_set_new_interval(after + 1, 0); /* after+1:* */
	ft = mailimap_fetch_type_new_fetch_att_list_empty();
	if (set == NULL || ft == NULL ||
	    mailimap_fetch_type_new_fetch_att_list_add(
		    ft, mailimap_fetch_att_new_uid()) != MAILIMAP_NO_ERROR ||
	    mailimap_fetch_type_new_fetch_att_list_add(
		    ft, mailimap_fetch_att_new_rfc822_size()) !=
		    MAILIMAP_NO_ERROR)
		abort();
	r = mailimap_uid_fetch(im->s, set, ft, &result);
	mailimap_fetch_type_free(ft);
	mailimap_set_free(set);
	if (r != MAILIMAP_NO_ERROR)
		return imap_fail(im, r, "UID FETCH (RFC822.SIZE)", IMAP_ETEMP,
				 err);
	for (cur = clist_begin(result); cur != NULL; cur = clist_next(cur)) {
		struct mailimap_msg_att *ma = clist_content(cur);
		struct imap_msg m = {0, 0};

		for (ic = clist_begin(ma->att_list); ic != NULL;
		     ic = clist_next(ic)) {
			struct mailimap_msg_att_item *it = clist_content(ic);

			if (it->att_type != MAILIMAP_MSG_ATT_ITEM_STATIC)
				continue;
			if (it->att_data.att_static->att_type ==
			    MAILIMAP_MSG_ATT_UID)
				m.uid = it->att_data.att_static->att_data
						.att_uid;
			else if (it->att_data.att_static->att_type ==
				 MAILIMAP_MSG_ATT_RFC822_SIZE)
				m.size = it->att_data.att_static->att_data
						 .att_rfc822_size;
		}
		/* "N:*" names the last message even when its UID is
		 * below N (RFC 9051 §6.4.8). */
		if (m.uid <= after)
			continue;
		XGROW(*v, *n + 1, cap);
		(*v)[(*n)++] = m;
	}
	mailimap_fetch_list_free(result);
	if (*n > 1)
		qsort(*v, *n, sizeof(**v), cmp_msg);
	return IMAP_OK;
}

enum imap_status
imap_uids_upto(struct imap *im, uint32_t upto, uint32_t **v, size_t *n,
	       struct cp_error *err)
{
	struct mailimap_search_key *key;
	struct mailimap_set *set;
	clist *result = NULL;
	clistiter *cur;
	size_t cap = 0;
	int r;

	*v = NULL;
	*n = 0;
	if (upto == 0)
		return IMAP_OK;
	set = mailimap_set_new_interval(1, upto);
	if (set == NULL || (key = mailimap_search_key_new_uid(set)) == NULL)
		abort();
	r = mailimap_uid_search(im->s, NULL, key, &result);
	mailimap_search_key_free(key);
	if (r != MAILIMAP_NO_ERROR)
		return imap_fail(im, r, "UID SEARCH", IMAP_ETEMP, err);
	for (cur = clist_begin(result); cur != NULL; cur = clist_next(cur)) {
		uint32_t uid = *(uint32_t *)clist_content(cur);

		if (uid > upto)
			continue;
		XGROW(*v, *n + 1, cap);
		(*v)[(*n)++] = uid;
	}
	mailimap_search_result_free(result);
	if (*n > 1)
		qsort(*v, *n, sizeof(**v), cmp_uid);
	return IMAP_OK;
}

struct body {
	const char *raw; /* borrowed from libetpan's result */
	size_t len;
	int found;
};

/* (UID BODY.PEEK[]), or (UID BODY.PEEK[HEADER]<0.max_header>). */
static struct mailimap_fetch_type *
body_fetch_type(int header_only, size_t max_header)
{
	struct mailimap_fetch_type *ft;
	struct mailimap_fetch_att *fa;
	struct mailimap_section *sec;

	ft = mailimap_fetch_type_new_fetch_att_list_empty();
	sec = header_only ? mailimap_section_new_header()
			  : mailimap_section_new(NULL);
	if (ft == NULL || sec == NULL)
		abort();
	fa = header_only ? mailimap_fetch_att_new_body_peek_section_partial(
				   sec, 0, (uint32_t)max_header)
			 : mailimap_fetch_att_new_body_peek_section(sec);
	if (fa == NULL ||
	    mailimap_fetch_type_new_fetch_att_list_add(
		    ft, mailimap_fetch_att_new_uid()) != MAILIMAP_NO_ERROR ||
	    mailimap_fetch_type_new_fetch_att_list_add(ft, fa) !=
		    MAILIMAP_NO_ERROR)
		abort();
	return ft;
}

/*
 * Sort the FETCH responses of result into bodies, in the order of the n
 * uids asked for (ascending); a response without UID or body, or for a
 * UID not asked for, is ignored.
 */
static void
match_bodies(clist *result, const uint32_t *uids, size_t n, struct body *bodies)
{
	clistiter *cur, *ic;

	for (cur = clist_begin(result); cur != NULL; cur = clist_next(cur)) {
		struct mailimap_msg_att *ma = clist_content(cur);
		const char *raw = NULL;
		size_t len = 0;
		uint32_t uid = 0, *hit;
		int have = 0;

		for (ic = clist_begin(ma->att_list); ic != NULL;
		     ic = clist_next(ic)) {
			struct mailimap_msg_att_item *it = clist_content(ic);
			struct mailimap_msg_att_static *sa;

			if (it->att_type != MAILIMAP_MSG_ATT_ITEM_STATIC)
				continue;
			sa = it->att_data.att_static;
			if (sa->att_type == MAILIMAP_MSG_ATT_UID)
				uid = sa->att_data.att_uid;
			else if (sa->att_type ==
					 MAILIMAP_MSG_ATT_BODY_SECTION &&
				 sa->att_data.att_body_section != NULL) {
				raw = sa->att_data.att_body_section
					      ->sec_body_part;
				len = sa->att_data.att_body_section->sec_length;
				have = 1;
			}
		}
		if (!have || uid == 0)
			continue;
		hit = bsearch(&uid, uids, n, sizeof(*uids), cmp_uid);
		if (hit == NULL)
			continue;
		bodies[hit - uids].raw = raw ? raw : "";
		bodies[hit - uids].len = raw ? len : 0;
		bodies[hit - uids].found = 1;
	}
}

enum imap_status
imap_fetch(struct imap *im, const uint32_t *uids, size_t n, int header_only,
	   size_t max_header, imap_body_cb cb, void *arg, size_t *done_out,
	   int *stop_out, struct cp_error *err)
{
	struct mailimap_fetch_type *ft;
	struct mailimap_set *set;
	struct body *bodies = NULL;
	clist *result = NULL;
	enum imap_status st = IMAP_OK;
	size_t i;
	int r;

	*done_out = 0;
	*stop_out = 0;
	if (n == 0)
		return IMAP_OK;
	set = uid_set(uids, n);
	ft = body_fetch_type(header_only, max_header);
	r = mailimap_uid_fetch(im->s, set, ft, &result);
	mailimap_fetch_type_free(ft);
	mailimap_set_free(set);
	if (r != MAILIMAP_NO_ERROR)
		return imap_fail(im, r,
				 header_only ? "UID FETCH (BODY.PEEK[HEADER])"
					     : "UID FETCH (BODY.PEEK[])",
				 IMAP_ETEMP, err);

	bodies = xcalloc(n, sizeof(*bodies));
	match_bodies(result, uids, n, bodies);
	for (i = 0; i < n; i++) {
		if (!bodies[i].found) {
			cp_error_set(err, CP_EIO,
				     "%s: UID %lu: the server returned no "
				     "content",
				     im->where, (unsigned long)uids[i]);
			st = IMAP_ETEMP;
			break;
		}
		*stop_out = cb(arg, uids[i], bodies[i].raw, bodies[i].len);
		*done_out = i + 1;
		if (*stop_out)
			break;
	}
	free(bodies);
	mailimap_fetch_list_free(result);
	return st;
}

static struct mailimap_store_att_flags *
add_flag(struct mailimap_flag *flag)
{
	struct mailimap_flag_list *fl = mailimap_flag_list_new_empty();
	struct mailimap_store_att_flags *sf;

	if (fl == NULL || flag == NULL ||
	    mailimap_flag_list_add(fl, flag) != MAILIMAP_NO_ERROR ||
	    (sf = mailimap_store_att_flags_new_add_flags_silent(fl)) == NULL)
		abort();
	return sf;
}

enum imap_status
imap_move(struct imap *im, const uint32_t *uids, size_t n, const char *to,
	  struct cp_error *err)
{
	struct mailimap_store_att_flags *sf;
	struct mailimap_set *set;
	enum imap_status st = IMAP_OK;
	int r;

	if (n == 0)
		return IMAP_OK;
	set = uid_set(uids, n);
	switch (imap_move_kind(im)) {
	case IMAP_MOVE:
		if ((r = mailimap_uid_move(im->s, set, to)) !=
		    MAILIMAP_NO_ERROR)
			st = imap_fail(im, r, "UID MOVE", IMAP_ETEMP, err);
		break;
	case IMAP_COPY_EXPUNGE:
		if ((r = mailimap_uid_copy(im->s, set, to)) !=
		    MAILIMAP_NO_ERROR) {
			st = imap_fail(im, r, "UID COPY", IMAP_ETEMP, err);
			break;
		}
		sf = add_flag(mailimap_flag_new_deleted());
		r = mailimap_uid_store(im->s, set, sf);
		mailimap_store_att_flags_free(sf);
		if (r != MAILIMAP_NO_ERROR) {
			st = imap_fail(im, r, "UID STORE \\Deleted", IMAP_ETEMP,
				       err);
			break;
		}
		/* Only ours: UID EXPUNGE leaves others' \Deleted alone. */
		if ((r = mailimap_uid_expunge(im->s, set)) != MAILIMAP_NO_ERROR)
			st = imap_fail(im, r, "UID EXPUNGE", IMAP_ETEMP, err);
		break;
	case IMAP_FLAG_SEEN:
		sf = add_flag(mailimap_flag_new_seen());
		r = mailimap_uid_store(im->s, set, sf);
		mailimap_store_att_flags_free(sf);
		if (r != MAILIMAP_NO_ERROR)
			st = imap_fail(im, r, "UID STORE \\Seen", IMAP_ETEMP,
				       err);
		break;
	}
	mailimap_set_free(set);
	return st;
}
