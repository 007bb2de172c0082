/* Data-set reading: CSV / whitespace / LIBSVM text, plain or gzip (zlib's
 * gzread reads uncompressed files as they are). Two passes: the first
 * validates every line and counts rows and columns, the second fills the
 * matrix, so nothing large is allocated for a file that is malformed or too
 * big. */
#include "data.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "problem.h"

static int is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int try_dir(const char *dir, const char *name, char *path, size_t size)
{
    static const char *const ext[] = {"", ".csv", ".csv.gz", ".txt"};
    for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
        int w = snprintf(path, size, "%s%sdata/%s%s", dir, *dir ? "/" : "", name, ext[i]);
        if (w > 0 && (size_t)w < size && is_file(path))
            return 1;
    }
    return 0;
}

int ds_data_resolve(const char *name, char *path, size_t size, ds_err *err)
{
    if (!name || !*name)
        return ds_fail(err, DS_EINVAL, "no data file named");
    if (is_file(name)) {
        snprintf(path, size, "%s", name);
        return DS_OK;
    }
    struct stat st;
    if (stat(name, &st) == 0 && S_ISDIR(st.st_mode))
        return ds_fail(err, DS_EINVAL, "data '%s' is a directory, not a data file", name);
    if (!strchr(name, '/')) {
        if (try_dir("", name, path, size))
            return DS_OK;
        /* Next to the binary: build/descent -> build/.. holds data/; a test
         * program in build/tests/ needs one level more. */
        char exe[1024];
        ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
        if (len > 0) {
            exe[len] = '\0';
            for (int up = 0; up < 3; up++) {
                char *slash = strrchr(exe, '/');
                if (!slash)
                    break;
                *slash = '\0';
                if (up > 0 && try_dir(*exe ? exe : "/", name, path, size))
                    return DS_OK;
                /* installed: PREFIX/bin/descent finds PREFIX/share/descent/data/ */
                char share[1100];
                snprintf(share, sizeof share, "%s/share/descent", exe);
                if (up == 1 && try_dir(share, name, path, size))
                    return DS_OK;
            }
        }
    }
    /* a missing input file is bad input (exit 2), not a runtime failure */
    if (strchr(name, '/'))
        return ds_fail(err, DS_EINVAL, "data '%s': no such file", name);
    return ds_fail(err, DS_EINVAL,
                   "data '%s': no such file here nor in data/ (built-in sets: breast_cancer, heart_scale, "
                   "diabetes, digits, worked_example)", name);
}

/* A whole line, however long; 0 at end of file. */
static int read_line(gzFile gz, char **buf, size_t *cap)
{
    size_t len = 0;
    for (;;) {
        if (*cap - len < 2) {
            size_t nc = *cap ? 2 * *cap : 4096;
            char *nb = realloc(*buf, nc);
            if (!nb)
                return -1;
            *buf = nb;
            *cap = nc;
        }
        if (!gzgets(gz, *buf + len, (int)(*cap - len > INT_MAX ? INT_MAX : *cap - len)))
            return len > 0;
        len += strlen(*buf + len);
        if (len > 0 && (*buf)[len - 1] == '\n')
            return 1;
    }
}

/* Cut the line at a '#' comment and the end-of-line characters. */
static void trim_line(char *s)
{
    char *h = strchr(s, '#');
    if (h)
        *h = '\0';
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
        s[--n] = '\0';
}

static int blank(const char *s)
{
    for (; *s; s++)
        if (!isspace((unsigned char)*s))
            return 0;
    return 1;
}

/* 0: a finite number; 1: not a number; 2: NaN or infinite. */
static int parse_num(const char *tok, double *out)
{
    if (!*tok)
        return 1;
    errno = 0;
    char *end;
    double v = strtod(tok, &end);
    if (end == tok || *end)
        return 1;
    if (!isfinite(v))
        return 2;
    *out = v;
    return 0;
}

typedef struct {
    const char *path;
    size_t lineno;
    ds_err *err;
} ctx;

/* The text a data file may expand to: 100 times its size on disk (a CSV
 * compresses about tenfold), at least 64 MiB, at most 4 GiB. A gzip bomb
 * of a few hundred kilobytes is refused after reading 64 MiB, not 4 GB. */
static double text_cap(const char *path)
{
    struct stat st;
    double cap = stat(path, &st) == 0 ? 100.0 * (double)st.st_size : 0;
    cap = cap < 64.0 * (1 << 20) ? 64.0 * (1 << 20) : cap;
    return cap > 4.0 * (1u << 30) ? 4.0 * (1u << 30) : cap;
}

static int bad_token(const ctx *c, const char *tok, int why, const char *what)
{
    if (why == 2)
        return ds_fail(c->err, DS_EINVAL, "%s:%zu: %s '%s' is not finite (NaN or Inf)", c->path,
                       c->lineno, what, tok);
    return ds_fail(c->err, DS_EINVAL, "%s:%zu: %s '%s' is not a number", c->path, c->lineno, what,
                   *tok ? tok : "(empty)");
}

/* Split a dense line in place: commas when it has any (spaces around them
 * trimmed), whitespace otherwise. Returns the token count (capped at max). */
static size_t split_dense(char *s, char **tok, size_t max, size_t *total)
{
    size_t n = 0;
    *total = 0;
    if (strchr(s, ',')) {
        for (char *p = s;;) {
            char *comma = strchr(p, ',');
            if (comma)
                *comma = '\0';
            while (isspace((unsigned char)*p))
                p++;
            char *e = p + strlen(p);
            while (e > p && isspace((unsigned char)e[-1]))
                *--e = '\0';
            if (n < max)
                tok[n++] = p;
            (*total)++;
            if (!comma)
                break;
            p = comma + 1;
        }
    } else {
        for (char *p = strtok(s, " \t\r\n\v\f"); p; p = strtok(NULL, " \t\r\n\v\f")) {
            if (n < max)
                tok[n++] = p;
            (*total)++;
        }
    }
    return n;
}

/* One pass over the file. fill = 0: validate and count (rows, cols);
 * fill = 1: write X and y. */
static int scan(gzFile gz, ds_data *dt, int fill, char **tokbuf, size_t *tokcap, ds_err *err)
{
    ctx c = {.path = dt->path, .lineno = 0, .err = err};
    char *line = NULL;
    size_t cap = 0, row = 0, ncol = 0;
    int first = 1, rc = DS_OK, got, may_header = 1;
    double limit = text_cap(dt->path);
    while ((got = read_line(gz, &line, &cap)) > 0) {
        c.lineno++;
        if ((double)gztell(gz) > limit) {
            rc = ds_fail(err, DS_EINVAL, "%s:%zu: more than %.0f MiB of text (100 times the file's size): "
                         "refused as a data file", c.path, c.lineno, limit / (1 << 20));
            goto done;
        }
        trim_line(line);
        if (blank(line))
            continue;
        if (first && !fill) {
            dt->format = strchr(line, ':') ? DS_DATA_LIBSVM : DS_DATA_CSV;
        }
        if (dt->format == DS_DATA_LIBSVM) {
            char *save = NULL, *t = strtok_r(line, " \t\r\n\v\f", &save);
            double label;
            int why = parse_num(t, &label);
            if (why) {
                rc = bad_token(&c, t, why, "label");
                goto done;
            }
            long prev = 0;
            if (fill)
                dt->y[row] = label;
            if (fill && dt->csr.val)
                dt->csr.rowptr[row + 1] = dt->csr.rowptr[row];
            while ((t = strtok_r(NULL, " \t\r\n\v\f", &save))) {
                char *colon = strchr(t, ':');
                if (!colon) {
                    rc = ds_fail(err, DS_EINVAL, "%s:%zu: '%s' is not idx:value", c.path, c.lineno, t);
                    goto done;
                }
                *colon = '\0';
                char *end;
                errno = 0;
                long idx = strtol(t, &end, 10);
                if (end == t || *end || errno) {
                    rc = ds_fail(err, DS_EINVAL, "%s:%zu: index '%s' is not a whole number", c.path,
                                 c.lineno, t);
                    goto done;
                }
                if (idx < 1) {
                    rc = ds_fail(err, DS_EINVAL, "%s:%zu: index %ld: LIBSVM indices start at 1", c.path,
                                 c.lineno, idx);
                    goto done;
                }
                if (idx <= prev) {
                    rc = ds_fail(err, DS_EINVAL, "%s:%zu: index %ld after %ld: indices must increase",
                                 c.path, c.lineno, idx, prev);
                    goto done;
                }
                if (idx > 100000000) {
                    rc = ds_fail(err, DS_EINVAL, "%s:%zu: index %ld is beyond 1e8 features", c.path,
                                 c.lineno, idx);
                    goto done;
                }
                prev = idx;
                double v;
                if ((why = parse_num(colon + 1, &v))) {
                    rc = bad_token(&c, colon + 1, why, "value");
                    goto done;
                }
                if (fill && dt->csr.val) {
                    size_t k = dt->csr.rowptr[row + 1]++;
                    dt->csr.col[k] = (uint32_t)(idx - 1);
                    dt->csr.val[k] = v;
                } else if (fill) {
                    dt->X[row * dt->d + (size_t)(idx - 1)] = v;
                } else {
                    dt->nnz++;
                    if ((size_t)idx > ncol)
                        ncol = (size_t)idx;
                }
            }
            row++;
            first = 0;
            continue;
        }
        /* Dense: at most ncol + 1 tokens kept; count them all. */
        size_t want = first ? 0 : (fill ? dt->d + 1 : ncol);
        if (first) {
            size_t total;
            char *copy = strdup(line);
            if (!copy) {
                rc = ds_fail(err, DS_ENOMEM, "out of memory reading %s", c.path);
                goto done;
            }
            split_dense(copy, NULL, 0, &total);
            free(copy);
            want = total;
        }
        if (*tokcap < want + 1) {
            char **nt = realloc(*tokbuf, (want + 1) * sizeof *nt);
            if (!nt) {
                rc = ds_fail(err, DS_ENOMEM, "out of memory reading %s", c.path);
                goto done;
            }
            *tokbuf = (char *)nt;
            *tokcap = want + 1;
        }
        char **tok = (char **)*tokbuf;
        size_t total, n = split_dense(line, tok, want + 1, &total);
        if (first) {
            /* A first line that is not all numbers is a header. */
            int header = 0;
            double v;
            for (size_t i = 0; i < n && !header && may_header; i++)
                header = parse_num(tok[i], &v) == 1;
            may_header = 0;
            if (header)
                continue;  /* the next line sets the width */
            first = 0;
            if (!fill) {
                ncol = total;
                if (ncol < 2) {
                    rc = ds_fail(err, DS_EINVAL,
                                 "%s:%zu: one column; a data line needs features and a target (last column)",
                                 c.path, c.lineno);
                    goto done;
                }
            }
        }
        if (total != (fill ? dt->d + 1 : ncol)) {
            rc = ds_fail(err, DS_EINVAL, "%s:%zu: %zu columns, expected %zu", c.path, c.lineno, total,
                         fill ? dt->d + 1 : ncol);
            goto done;
        }
        for (size_t i = 0; i < n; i++) {
            double v = 0;
            int why = parse_num(tok[i], &v);
            if (why) {
                rc = bad_token(&c, tok[i], why, "value");
                goto done;
            }
            if (fill) {
                if (i + 1 < n)
                    dt->X[row * dt->d + i] = v;
                else
                    dt->y[row] = v;
            }
        }
        row++;
    }
    if (got < 0) {
        rc = ds_fail(err, DS_ENOMEM, "out of memory reading %s", c.path);
        goto done;
    }
    if (!fill) {
        int zerr = 0;
        const char *zmsg = gzerror(gz, &zerr);
        if (zerr != Z_OK && zerr != Z_STREAM_END) {
            rc = ds_fail(err, DS_EIO, "%s: read error: %s", c.path, zmsg);
            goto done;
        }
        if (row == 0) {
            rc = ds_fail(err, DS_EINVAL, "%s: no data (an empty file, or a header alone)", c.path);
            goto done;
        }
        dt->n = row;
        dt->d = dt->format == DS_DATA_LIBSVM ? ncol : ncol - 1;
        if (dt->d == 0)
            rc = ds_fail(err, DS_EINVAL, "%s: no features (every line has a label alone)", c.path);
    }
done:
    free(line);
    return rc;
}

int ds_data_load(const char *name, ds_data *out, ds_err *err)
{
    memset(out, 0, sizeof *out);
    int rc = ds_data_resolve(name, out->path, sizeof out->path, err);
    if (rc)
        return rc;
    gzFile gz = gzopen(out->path, "rb");
    if (!gz)
        return ds_fail(err, DS_EIO, "%s: cannot open: %s", out->path, strerror(errno));
    gzbuffer(gz, 1 << 16);
    char *tok = NULL;
    size_t tokcap = 0;
    rc = scan(gz, out, 0, &tok, &tokcap, err);
    if (!rc) {
        char what[1100];
        snprintf(what, sizeof what, "data %s (%zu x %zu)", out->path, out->n, out->d);
        rc = ds_check_alloc(out->n, (out->d + 1) * sizeof(double), what, err);
    }
    if (!rc) {
        out->X = calloc(out->n * out->d, sizeof(double));
        out->y = calloc(out->n, sizeof(double));
        if (!out->X || !out->y)
            rc = ds_fail(err, DS_ENOMEM, "out of memory for %s (%zu x %zu)", out->path, out->n, out->d);
    }
    if (!rc) {
        gzrewind(gz);
        rc = scan(gz, out, 1, &tok, &tokcap, err);
    }
    free(tok);
    gzclose(gz);
    if (rc)
        ds_data_free(out);
    return rc;
}

/* Open name (resolved into out->path) and run the counting pass. */
static int open_counted(const char *name, ds_data *out, gzFile *gz, char **tok, size_t *tokcap, ds_err *err)
{
    memset(out, 0, sizeof *out);
    int rc = ds_data_resolve(name, out->path, sizeof out->path, err);
    if (rc)
        return rc;
    *gz = gzopen(out->path, "rb");
    if (!*gz)
        return ds_fail(err, DS_EIO, "%s: cannot open: %s", out->path, strerror(errno));
    gzbuffer(*gz, 1 << 16);
    rc = scan(*gz, out, 0, tok, tokcap, err);
    if (rc) {
        gzclose(*gz);
        *gz = NULL;
    }
    return rc;
}

int ds_data_peek(const char *name, ds_data *out, ds_err *err)
{
    gzFile gz;
    char *tok = NULL;
    size_t tokcap = 0;
    int rc = open_counted(name, out, &gz, &tok, &tokcap, err);
    free(tok);
    if (!rc)
        gzclose(gz);
    return rc;
}

int ds_data_load_csr(const char *name, ds_data *out, ds_err *err)
{
    gzFile gz;
    char *tok = NULL;
    size_t tokcap = 0;
    int rc = open_counted(name, out, &gz, &tok, &tokcap, err);
    if (rc) {
        free(tok);
        return rc;
    }
    if (out->format != DS_DATA_LIBSVM)
        rc = ds_fail(err, DS_EINVAL, "%s: sparse storage reads LIBSVM files; this one is CSV (use format=dense)",
                     out->path);
    if (!rc)
        rc = ds_csr_alloc(&out->csr, out->n, out->d, out->nnz, err);
    if (!rc && !(out->y = calloc(out->n, sizeof(double))))
        rc = ds_fail(err, DS_ENOMEM, "out of memory for %s (%zu targets)", out->path, out->n);
    if (!rc) {
        gzrewind(gz);
        rc = scan(gz, out, 1, &tok, &tokcap, err);
    }
    free(tok);
    gzclose(gz);
    if (rc)
        ds_data_free(out);
    return rc;
}

void ds_data_free(ds_data *data)
{
    if (!data)
        return;
    ds_csr_free(&data->csr);
    free(data->X);
    free(data->y);
    data->X = data->y = NULL;
}

/* Column j's mean and standard deviation, two passes over the values
 * divided by `scale` (the sums of squares of values near 1e200 overflow,
 * near 1e-200 underflow to 0, unscaled). */
static void column_stats(const ds_data *dt, size_t j, double scale, double *mean, double *sd)
{
    size_t n = dt->n, d = dt->d;
    double m = 0, var = 0;
    for (size_t i = 0; i < n; i++)
        m += dt->X[i * d + j] / scale;
    m /= (double)n;
    for (size_t i = 0; i < n; i++) {
        double t = dt->X[i * d + j] / scale - m;
        var += t * t;
    }
    *mean = m * scale;
    *sd = sqrt(var / (double)n) * scale;
}

void ds_data_standardize(ds_data *dt, int center_target)
{
    size_t n = dt->n, d = dt->d;
    for (size_t j = 0; j < d; j++) {
        double big = 0, mean, sd;
        for (size_t i = 0; i < n; i++)
            big = fmax(big, fabs(dt->X[i * d + j]));
        /* ordinary magnitudes keep the plain sums (and their last bits) */
        int extreme = big > 1e150 || (big > 0 && big < 1e-150);
        column_stats(dt, j, extreme ? big : 1.0, &mean, &sd);
        double s = sd > 0 ? 1.0 / sd : 1.0;
        if (extreme) {  /* (x - mean) / sd in the scaled units: no overflow */
            for (size_t i = 0; i < n; i++)
                dt->X[i * d + j] = sd > 0 ? (dt->X[i * d + j] / big - mean / big) / (sd / big)
                                          : dt->X[i * d + j] - mean;
            continue;
        }
        for (size_t i = 0; i < n; i++)
            dt->X[i * d + j] = (dt->X[i * d + j] - mean) * s;
    }
    if (center_target) {
        double mean = 0;
        for (size_t i = 0; i < n; i++)
            mean += dt->y[i];
        mean /= (double)n;
        for (size_t i = 0; i < n; i++)
            dt->y[i] -= mean;
    }
}

int ds_data_add_intercept(ds_data *dt, ds_err *err)
{
    size_t n = dt->n, d = dt->d;
    int rc = ds_check_alloc(n, (d + 1) * sizeof(double), "data with an intercept column", err);
    if (rc)
        return rc;
    double *X = malloc(n * (d + 1) * sizeof *X);
    if (!X)
        return ds_fail(err, DS_ENOMEM, "out of memory adding an intercept column");
    for (size_t i = 0; i < n; i++) {
        memcpy(X + i * (d + 1), dt->X + i * d, d * sizeof *X);
        X[i * (d + 1) + d] = 1.0;
    }
    free(dt->X);
    dt->X = X;
    dt->d = d + 1;
    return DS_OK;
}

int ds_data_binary_labels(ds_data *dt, ds_err *err)
{
    double lo = dt->y[0], hi = dt->y[0];
    for (size_t i = 1; i < dt->n; i++) {
        double v = dt->y[i];
        if (v == lo || v == hi)
            continue;
        if (lo == hi) {
            if (v < lo)
                lo = v;
            else
                hi = v;
            continue;
        }
        return ds_fail(err, DS_EINVAL,
                       "%s: sample %zu: label %g is a third class (after %g and %g); logistic "
                       "regression needs exactly two label values",
                       dt->path, i + 1, v, lo, hi);
    }
    if (lo == hi)
        return ds_fail(err, DS_EINVAL, "%s: every label is %g; logistic regression needs two classes",
                       dt->path, lo);
    for (size_t i = 0; i < dt->n; i++)
        dt->y[i] = dt->y[i] == hi ? 1.0 : -1.0;
    return DS_OK;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int ds_data_class_labels(ds_data *dt, size_t max_classes, size_t *k, ds_err *err)
{
    double *cls = malloc((max_classes + 1) * sizeof *cls);
    if (!cls)
        return ds_fail(err, DS_ENOMEM, "out of memory for class labels");
    size_t nc = 0;
    for (size_t i = 0; i < dt->n; i++) {
        double v = dt->y[i];
        if (v != floor(v)) {
            free(cls);
            return ds_fail(err, DS_EINVAL, "%s: sample %zu: class label %g is not a whole number",
                           dt->path, i + 1, v);
        }
        size_t j = 0;
        while (j < nc && cls[j] != v)
            j++;
        if (j == nc) {
            if (nc == max_classes) {
                free(cls);
                return ds_fail(err, DS_EINVAL, "%s: more than %zu classes (sample %zu has label %g)",
                               dt->path, max_classes, i + 1, v);
            }
            cls[nc++] = v;
        }
    }
    if (nc < 2) {
        free(cls);
        return ds_fail(err, DS_EINVAL, "%s: every label is %g; classification needs two classes or more",
                       dt->path, dt->y[0]);
    }
    qsort(cls, nc, sizeof *cls, cmp_double);
    for (size_t i = 0; i < dt->n; i++) {
        size_t j = 0;
        while (cls[j] != dt->y[i])
            j++;
        dt->y[i] = (double)j;
    }
    free(cls);
    *k = nc;
    return DS_OK;
}
