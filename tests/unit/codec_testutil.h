/* codec_testutil.h: fixture loading and JSON checks for tests. */
#ifndef CODEC_TESTUTIL_H
#define CODEC_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

/* Reads tests/fixtures/<name> ($CFCONSOLE_FIXTURES when set, else relative
 * to the repository root). Fails the test when missing. Caller frees. */
static inline char *
fixture_read(const char *name)
{
	const char *dir = getenv("CFCONSOLE_FIXTURES");
	char path[1024];
	FILE *f;
	char *buf;
	long n;

	snprintf(path, sizeof(path), "%s/%s", dir ? dir : "tests/fixtures",
		 name);
	f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "missing fixture %s\n", path);
		fail();
	}
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* The top-level keys of a JSON object text, sorted, joined with ','. */
static inline char *
json_keys(const char *json)
{
	cJSON *o = cJSON_Parse(json), *it;
	char *keys[128];
	size_t n = 0, i, j, len = 1;
	char *out;

	assert_non_null(o);
	assert_true(cJSON_IsObject(o));
	cJSON_ArrayForEach(it, o)
	{
		assert_true(n < 128);
		keys[n++] = it->string;
		len += strlen(it->string) + 1;
	}
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && strcmp(keys[j - 1], keys[j]) > 0; j--) {
			char *t = keys[j];

			keys[j] = keys[j - 1];
			keys[j - 1] = t;
		}
	out = calloc(1, len);
	assert_non_null(out);
	for (i = 0; i < n; i++) {
		if (i)
			strcat(out, ",");
		strcat(out, keys[i]);
	}
	cJSON_Delete(o);
	return out;
}

/* Asserts that the JSON object text has exactly these keys ("a,b,c" sorted). */
static inline void
assert_json_keys(const char *json, const char *want)
{
	char *got = json_keys(json);

	assert_string_equal(got, want);
	free(got);
}

/* The JSON text of json's value at a dotted path ("origins.0.port"), or NULL
 * when absent. Caller frees. */
static inline char *
json_at(const char *json, const char *dotted)
{
	cJSON *root = cJSON_Parse(json);
	const cJSON *v = root;
	char buf[256], *save = NULL, *tok;
	char *out = NULL;

	assert_non_null(root);
	snprintf(buf, sizeof(buf), "%s", dotted);
	for (tok = strtok_r(buf, ".", &save); tok && v;
	     tok = strtok_r(NULL, ".", &save)) {
		if (cJSON_IsArray(v))
			v = cJSON_GetArrayItem(v, atoi(tok));
		else
			v = cJSON_GetObjectItemCaseSensitive(v, tok);
	}
	if (v)
		out = cJSON_PrintUnformatted(v);
	cJSON_Delete(root);
	return out;
}

/* Asserts json's value at path prints as want (compact JSON); want NULL = absent. */
static inline void
assert_json_at(const char *json, const char *dotted, const char *want)
{
	char *got = json_at(json, dotted);

	if (!want) {
		if (got)
			fprintf(stderr, "%s: expected absent, got %s\n", dotted,
				got);
		assert_null(got);
		return;
	}
	if (!got)
		fprintf(stderr, "%s: absent, expected %s\n", dotted, want);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

#endif
