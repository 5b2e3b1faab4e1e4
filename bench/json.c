// SPDX-License-Identifier: GPL-2.0
/*
 * nsbench results as JSON, through json-c (Debian's libjson-c-dev):
 * {"tool", "kernel_release", "machine", "date", "mode", "cpu", "runs",
 *  "samples" (per run), "warmup", "inject_delay_us", "inject_slowdown",
 *  "results": [{"name", "unit", "samples", "min", "median", "p95",
 *               "values": [every sample of every run, sorted],
 *               "run_medians": [each run's median, in run order]}],
 *  "skipped": [{"name", "reason"}]}
 * --compare decides on "run_medians": a baseline written before they were
 * kept (or with fewer than MIN_RUNS runs) is refused with a message.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/utsname.h>
#include <json-c/json.h>

#include "nsbench.h"

const char *unit_intern(const char *unit)
{
	return unit && !strcmp(unit, "us/op") ? "us/op" : "us";
}

static json_object *result_obj(const struct metric *m)
{
	json_object *r = json_object_new_object(), *v = json_object_new_array();

	json_object_object_add(r, "name", json_object_new_string(m->name));
	json_object_object_add(r, "unit", json_object_new_string(m->unit));
	json_object_object_add(r, "samples", json_object_new_int(m->n));
	json_object_object_add(r, "min", json_object_new_double(m->min));
	json_object_object_add(r, "median", json_object_new_double(m->median));
	json_object_object_add(r, "p95", json_object_new_double(m->p95));
	for (int k = 0; k < m->n && m->v; k++)
		json_object_array_add(v, json_object_new_double(m->v[k]));
	json_object_object_add(r, "values", v);
	if (m->nruns) {
		v = json_object_new_array();
		for (int k = 0; k < m->nruns; k++)
			json_object_array_add(v, json_object_new_double(m->rmed[k]));
		json_object_object_add(r, "run_medians", v);
	}
	return r;
}

int json_write(const char *path, const char *mode, const struct metric *m,
	       int n)
{
	json_object *root = json_object_new_object();
	json_object *res = json_object_new_array(), *skip = json_object_new_array();
	struct utsname u;
	time_t now = time(NULL);
	char date[64], slow[128] = "";
	int rc;

	uname(&u);
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	if (opt.slow_pat)
		snprintf(slow, sizeof(slow), "%s=%g", opt.slow_pat,
			 opt.slow_factor);
	json_object_object_add(root, "tool", json_object_new_string("nsbench"));
	json_object_object_add(root, "kernel_release",
			       json_object_new_string(u.release));
	json_object_object_add(root, "machine", json_object_new_string(u.machine));
	json_object_object_add(root, "date", json_object_new_string(date));
	json_object_object_add(root, "mode", json_object_new_string(mode));
	json_object_object_add(root, "cpu", json_object_new_int(opt.cpu));
	json_object_object_add(root, "runs", json_object_new_int(opt.runs));
	json_object_object_add(root, "samples", json_object_new_int(opt.samples));
	json_object_object_add(root, "warmup", json_object_new_int(opt.warmup));
	json_object_object_add(root, "inject_delay_us",
			       json_object_new_int64(opt.delay_us));
	json_object_object_add(root, "inject_slowdown",
			       json_object_new_string(slow));
	for (int i = 0; i < n; i++) {
		json_object *s;

		if (!m[i].skip[0]) {
			json_object_array_add(res, result_obj(&m[i]));
			continue;
		}
		s = json_object_new_object();
		json_object_object_add(s, "name", json_object_new_string(m[i].name));
		json_object_object_add(s, "reason",
				       json_object_new_string(m[i].skip));
		json_object_array_add(skip, s);
	}
	json_object_object_add(root, "results", res);
	json_object_object_add(root, "skipped", skip);
	rc = json_object_to_file_ext(path, root, JSON_C_TO_STRING_PRETTY |
				     JSON_C_TO_STRING_NOSLASHESCAPE);
	json_object_put(root);
	if (rc) {
		fprintf(stderr, "nsbench: writing %s: %s\n", path,
			json_util_get_last_err());
		return -1;
	}
	return 0;
}

static double num(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) ? json_object_get_double(v) : 0;
}

/* A number array of KEY into a new array *out; its length, 0 if none. */
static int num_array(json_object *o, const char *key, double **out)
{
	json_object *a;
	size_t n;

	*out = NULL;
	if (!json_object_object_get_ex(o, key, &a) ||
	    !json_object_is_type(a, json_type_array))
		return 0;
	n = json_object_array_length(a);
	*out = calloc(n ? n : 1, sizeof(double));
	for (size_t k = 0; k < n; k++)
		(*out)[k] = json_object_get_double(json_object_array_get_idx(a, k));
	return (int)n;
}

static int load_one(json_object *r, struct metric *m)
{
	json_object *name, *unit, *reason;
	int n;

	if (!json_object_object_get_ex(r, "name", &name))
		return -1;
	memset(m, 0, sizeof(*m));
	snprintf(m->name, sizeof(m->name), "%s", json_object_get_string(name));
	m->unit = unit_intern(json_object_object_get_ex(r, "unit", &unit) ?
			      json_object_get_string(unit) : NULL);
	m->n = (int)num(r, "samples");
	m->min = num(r, "min");
	m->median = num(r, "median");
	m->p95 = num(r, "p95");
	if (json_object_object_get_ex(r, "reason", &reason))	/* skipped */
		snprintf(m->skip, sizeof(m->skip), "%s",
			 json_object_get_string(reason));
	n = num_array(r, "values", &m->v);
	if (m->v)
		m->n = n;
	m->nruns = num_array(r, "run_medians", &m->rmed);
	return 0;
}

int json_load(const char *path, struct metric **out, int *n)
{
	json_object *root = json_object_from_file(path), *res, *skip;
	size_t len, nskip = 0;

	if (!root) {
		fprintf(stderr, "nsbench: %s: %s\n", path, json_util_get_last_err());
		return -1;
	}
	if (!json_object_object_get_ex(root, "results", &res) ||
	    !json_object_is_type(res, json_type_array)) {
		fprintf(stderr, "nsbench: %s: no \"results\" array\n", path);
		json_object_put(root);
		return -1;
	}
	len = json_object_array_length(res);
	if (json_object_object_get_ex(root, "skipped", &skip) &&
	    json_object_is_type(skip, json_type_array))
		nskip = json_object_array_length(skip);
	*out = calloc(len + nskip, sizeof(**out));
	*n = 0;
	for (size_t i = 0; i < len; i++)
		if (!load_one(json_object_array_get_idx(res, i), &(*out)[*n]))
			(*n)++;
	for (size_t i = 0; i < nskip; i++)
		if (!load_one(json_object_array_get_idx(skip, i), &(*out)[*n]))
			(*n)++;
	json_object_put(root);
	if (!*n) {
		fprintf(stderr, "nsbench: %s: no results\n", path);
		return -1;
	}
	return 0;
}
