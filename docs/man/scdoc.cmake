# SPDX-License-Identifier: MIT
# cmake -DSCDOC=scdoc -DIN=page.scd -DOUT=page -DVERSION=x.y.z -P scdoc.cmake
# One manual page: IN with @VERSION@ replaced, through scdoc, into OUT
# (written whole or not at all).  scdoc's errors name IN's lines: the
# replacement keeps them where they were.
cmake_minimum_required(VERSION 3.25)
file(READ ${IN} text)
string(REPLACE "@VERSION@" "${VERSION}" text "${text}")
file(WRITE ${OUT}.scd "${text}")
execute_process(COMMAND ${SCDOC} INPUT_FILE ${OUT}.scd OUTPUT_FILE ${OUT}.tmp
	ERROR_VARIABLE msg RESULT_VARIABLE rc)
file(REMOVE ${OUT}.scd)
if(NOT rc EQUAL 0)
	file(REMOVE ${OUT}.tmp)
	message(FATAL_ERROR "scdoc: ${IN}: ${msg}")
endif()
# scdoc turns hyphenation off before .TH, which turns it on again: words
# such as compendium.conf and Message-ID would break at the line end.
file(READ ${OUT}.tmp page)
string(REGEX REPLACE "(\n\\.TH [^\n]*\n)" "\\1.nh\n" page "${page}")
file(WRITE ${OUT}.tmp "${page}")
file(RENAME ${OUT}.tmp ${OUT})
