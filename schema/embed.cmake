# SPDX-License-Identifier: MIT
# Turns schema.sql into a C string constant (schema_sql.h).
file(READ ${IN} SQL)
string(REPLACE "\\" "\\\\" SQL "${SQL}")
string(REPLACE "\"" "\\\"" SQL "${SQL}")
string(REPLACE "\n" "\\n\"\n\"" SQL "${SQL}")
file(WRITE ${OUT} "/* generated from schema/schema.sql */\nstatic const char schema_sql[] =\n\"${SQL}\";\n")
