/* SPDX-License-Identifier: MIT */
/* json.h - `show --json`; only json.c includes jansson. */
#ifndef CLI_JSON_H
#define CLI_JSON_H

#include <stdio.h>

#include "store.h"

/*
 * Write the version r as the JSON object of SPEC §5 (entity, mandate,
 * version, status, title, instrument, adopted, areas, themes, urls,
 * summary, changed, sender), followed by a newline.  0 on success.
 */
int json_print_revision(FILE *f, const struct store_revision *r);

/*
 * Write the search hit h as an object of `search --json`'s array (entity,
 * mandate, version, title, snippet): "[\n" before it when first, else
 * ",\n"; the caller closes the array ("\n]\n", or "[]\n" when there was
 * none).  0 on success.
 */
int json_print_hit(FILE *f, const struct store_hit *h, int first);

#endif
