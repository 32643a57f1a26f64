/* SPDX-License-Identifier: MIT */
/*
 * test_auth.c - auth_domain_confirmed(): Authentication-Results values
 * (RFC 8601) from the configured authserv-id confirming the From domain.
 * Header values of a case are separated by "|".
 */
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "cp.h"
#include "t.h"

#define ID "mx.un.org"
#define D "unodc.org"

static const struct {
	const char *results; /* "|"-separated values; "" for none */
	const char *authserv_id;
	const char *domain;
	int want;
} cases[] = {
	/* dkim=pass header.d, dmarc=pass header.from */
	{"mx.un.org; dkim=pass header.d=unodc.org", ID, D, 1},
	{"mx.un.org; dmarc=pass header.from=unodc.org", ID, D, 1},
	{"mx.un.org;\r\n\tdkim=pass header.d=unodc.org header.s=s1", ID, D, 1},
	/* case-insensitive: id, method, result, property, domain */
	{"MX.UN.ORG; DKIM=PASS Header.D=UNODC.Org", ID, D, 1},
	{"mx.un.org; dkim=pass header.d=unodc.org", "Mx.Un.Org", "UNODC.ORG",
	 1},
	{"mx.un.org; DMARC=Pass HEADER.FROM=Unodc.Org", ID, D, 1},
	/* header.i: its domain part */
	{"mx.un.org; dkim=pass header.i=@unodc.org", ID, D, 1},
	{"mx.un.org; dkim=pass header.i=alice@unodc.org", ID, D, 1},
	{"mx.un.org; dkim=pass header.i=@sub.unodc.org", ID, D, 0},
	{"mx.un.org; dkim=pass header.i=unodc.org", ID, D, 0},
	/* quoted values */
	{"mx.un.org; dkim=pass header.d=\"unodc.org\"", ID, D, 1},
	{"mx.un.org; dmarc=pass header.from=\"unodc.org\"", ID, D, 1},
	{"mx.un.org; dkim=pass header.d=\"unodc.org", ID, D, 0},
	{"mx.un.org; dkim=pass header.i=\"alice@unodc.org\"", ID, D, 1},
	{"mx.un.org; dkim=pass header.d=\"unodc.org \"", ID, D, 0},
	/* comments are ignored, even with ';' or '=' inside */
	{"mx.un.org (mx1 [10.0.0.1]); dkim=pass (2048-bit key; unprotected) "
	 "header.d=unodc.org",
	 ID, D, 1},
	{"mx.un.org; dkim=pass (a (nested) comment) header.d=unodc.org", ID,
	 D, 1},
	{"mx.un.org; dkim=fail (dkim=pass header.d=unodc.org) "
	 "header.d=unodc.org",
	 ID, D, 0},
	{"mx.un.org; dkim=pass (\\) escaped) header.d=unodc.org", ID, D, 1},
	{"mx.un.org; dkim=pass header.d=(comment)unodc.org", ID, D, 1},
	/* a version after the authserv-id */
	{"mx.un.org 1; dkim=pass header.d=unodc.org", ID, D, 1},
	/* white space around '=' is allowed by RFC 8601's grammar */
	{"mx.un.org; dkim = pass header.d = unodc.org", ID, D, 1},
	{"mx.un.org; dmarc=pass header.from= unodc.org", ID, D, 1},
	/* another server's header is ignored, wherever it is */
	{"evil.example; dkim=pass header.d=unodc.org", ID, D, 0},
	{"mx.un.org.evil.example; dkim=pass header.d=unodc.org", ID, D, 0},
	{"evil.example; dkim=pass header.d=unodc.org|"
	 "mx.un.org; dkim=fail header.d=unodc.org",
	 ID, D, 0},
	/* only the topmost field of the authserv-id counts: one below the
	 * server's own was written by the sender (regression, issue 8: a
	 * forged dkim=pass below the server's fail was believed) */
	{"mx.un.org; dkim=fail header.d=unodc.org|"
	 "mx.un.org; dkim=pass header.d=unodc.org",
	 ID, D, 0},
	{"mx.un.org; none|mx.un.org; dkim=pass header.d=unodc.org", ID, D, 0},
	{"mx.un.org; dkim=pass header.d=unodc.org|"
	 "mx.un.org; dkim=fail header.d=unodc.org",
	 ID, D, 1},
	{"evil.example; none|mx.un.org; dkim=pass header.d=unodc.org", ID, D,
	 1},
	/* the result must be pass, for this domain, of dkim or dmarc */
	{"mx.un.org; dkim=fail header.d=unodc.org", ID, D, 0},
	{"mx.un.org; dkim=neutral header.d=unodc.org", ID, D, 0},
	{"mx.un.org; dkim=passed header.d=unodc.org", ID, D, 0},
	{"mx.un.org; dkim=pass header.d=other.org", ID, D, 0},
	{"mx.un.org; dkim=pass header.d=sub.unodc.org", ID, D, 0},
	{"mx.un.org; dkim=pass header.d=unodc.org.evil.example", ID, D, 0},
	{"mx.un.org; dkim=pass header.d=unodc.or", ID, D, 0},
	{"mx.un.org; dkim=pass header.from=unodc.org", ID, D, 0},
	{"mx.un.org; dmarc=pass header.d=unodc.org", ID, D, 0},
	{"mx.un.org; dmarc=fail header.from=unodc.org", ID, D, 0},
	{"mx.un.org; spf=pass smtp.mailfrom=unodc.org", ID, D, 0},
	{"mx.un.org; arc=pass header.d=unodc.org", ID, D, 0},
	{"mx.un.org; none", ID, D, 0},
	{"mx.un.org", ID, D, 0},
	{"mx.un.org dkim=pass header.d=unodc.org", ID, D, 0},
	{"", ID, D, 0},
	/* one clause of several */
	{"mx.un.org; spf=pass smtp.mailfrom=x.org; dkim=fail "
	 "header.d=unodc.org; dkim=pass header.d=unodc.org",
	 ID, D, 1},
	/* properties belong to their clause */
	{"mx.un.org; dkim=fail header.d=x.org; dmarc=pass header.from=y.org "
	 "header.d=unodc.org",
	 ID, D, 0},
	/* quoted strings hide ';' and white space: a reason's text is no
	 * property */
	{"mx.un.org; dkim=fail reason=\"x; dkim=pass header.d=unodc.org\"",
	 ID, D, 0},
	{"mx.un.org; dkim=fail reason=\"see; dkim=pass header.d=unodc.org \"",
	 ID, D, 0},
	{"mx.un.org; dkim=pass header.d=other.org reason=\"a "
	 "header.d=unodc.org b\"",
	 ID, D, 0},
	{"mx.un.org; dkim=pass reason=\"good; signature\" header.d=unodc.org",
	 ID, D, 1},
	/* no authserv-id or domain: nothing is confirmed */
	{"mx.un.org; dkim=pass header.d=unodc.org", NULL, D, 0},
	{"mx.un.org; dkim=pass header.d=unodc.org", ID, NULL, 0},
};

int
main(void)
{
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cp_strlist l = {0};
		const char *p = cases[i].results, *q;
		char what[512];

		while (*p) {
			q = strchr(p, '|');
			cp_strlist_addn(&l, p, q ? (size_t)(q - p) : strlen(p));
			p = q ? q + 1 : p + strlen(p);
		}
		snprintf(what, sizeof(what), "case %zu: %s / %s / %s", i,
			 cases[i].results,
			 cases[i].authserv_id ? cases[i].authserv_id : "NULL",
			 cases[i].domain ? cases[i].domain : "NULL");
		T_INTEQ(auth_domain_confirmed(&l, cases[i].authserv_id,
					      cases[i].domain),
			cases[i].want, what);
		cp_strlist_free(&l);
	}
	return t_done("test_auth");
}
