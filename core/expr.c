#include "expr.h"
#include "dmath.h"

#include <ctype.h>
#include <stddef.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *text;   /* whole expression, for messages */
    const char *p;      /* cursor */
    const ds_expr_vars *vars;  /* NULL: check only */
    int uses_vars;
    ds_err *err;
    int failed;
} parser;

static double parse_expr(parser *ps);

static void skip_ws(parser *ps)
{
    while (isspace((unsigned char)*ps->p))
        ps->p++;
}

static double fail(parser *ps, const char *what)
{
    if (!ps->failed)
        ds_fail(ps->err, DS_EINVAL, "bad expression '%s': %s at '%s'",
                ps->text, what, *ps->p ? ps->p : "end");
    ps->failed = 1;
    return NAN;
}

static const char *const VAR_NAMES = "L, mu, kappa, dim, n, R, T, pi";

static int lookup_var(parser *ps, const char *name, size_t len, double *out)
{
    static const struct { const char *name; size_t off; } vars[] = {
        {"L", offsetof(ds_expr_vars, L)},       {"mu", offsetof(ds_expr_vars, mu)},
        {"kappa", offsetof(ds_expr_vars, kappa)}, {"dim", offsetof(ds_expr_vars, dim)},
        {"n", offsetof(ds_expr_vars, n)},       {"R", offsetof(ds_expr_vars, R)},
        {"T", offsetof(ds_expr_vars, T)},
    };
    if (len == 2 && strncmp(name, "pi", 2) == 0) {
        *out = M_PI;
        return 1;
    }
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        if (strlen(vars[i].name) == len && strncmp(vars[i].name, name, len) == 0) {
            ps->uses_vars = 1;
            *out = ps->vars ? *(const double *)((const char *)ps->vars + vars[i].off) : 1.0;
            return 1;
        }
    }
    return 0;
}

static double apply_fn(parser *ps, const char *name, size_t len, double a)
{
    if (len == 4 && !strncmp(name, "sqrt", 4)) return sqrt(a);
    if (len == 3 && !strncmp(name, "log", 3)) return ds_log(a);
    if (len == 3 && !strncmp(name, "exp", 3)) return ds_exp(a);
    if (len == 3 && !strncmp(name, "abs", 3)) return fabs(a);
    return fail(ps, "unknown function (known: sqrt, log, exp, abs)");
}

static double parse_unary(parser *ps);

static double parse_atom(parser *ps)
{
    skip_ws(ps);
    if (*ps->p == '(') {
        ps->p++;
        double v = parse_expr(ps);
        skip_ws(ps);
        if (*ps->p != ')')
            return fail(ps, "missing ')'");
        ps->p++;
        return v;
    }
    if (isdigit((unsigned char)*ps->p) || *ps->p == '.') {
        char *end;
        double v = strtod(ps->p, &end);
        if (end == ps->p)
            return fail(ps, "bad number");
        ps->p = end;
        return v;
    }
    if (isalpha((unsigned char)*ps->p) || *ps->p == '_') {
        const char *name = ps->p;
        while (isalnum((unsigned char)*ps->p) || *ps->p == '_')
            ps->p++;
        size_t len = (size_t)(ps->p - name);
        skip_ws(ps);
        if (*ps->p == '(') {
            ps->p++;
            double a = parse_expr(ps);
            skip_ws(ps);
            if (*ps->p != ')')
                return fail(ps, "missing ')'");
            ps->p++;
            return apply_fn(ps, name, len, a);
        }
        double v;
        if (len == 3 && !strncmp(name, "inf", 3))
            return INFINITY;
        if (lookup_var(ps, name, len, &v))
            return v;
        ps->p = name;
        if (!ps->failed)
            ds_fail(ps->err, DS_EINVAL, "bad expression '%s': unknown name '%.*s' (known: %s)",
                    ps->text, (int)len, name, VAR_NAMES);
        ps->failed = 1;
        return NAN;
    }
    return fail(ps, "expected a number, a name or '('");
}

static double parse_power(parser *ps)
{
    double base = parse_atom(ps);
    skip_ws(ps);
    if (*ps->p == '^') {
        ps->p++;
        double e = parse_unary(ps);
        return ds_pow(base, e);
    }
    return base;
}

static double parse_unary(parser *ps)
{
    skip_ws(ps);
    if (*ps->p == '-') {
        ps->p++;
        return -parse_unary(ps);
    }
    if (*ps->p == '+') {
        ps->p++;
        return parse_unary(ps);
    }
    return parse_power(ps);
}

static double parse_term(parser *ps)
{
    double v = parse_unary(ps);
    for (;;) {
        skip_ws(ps);
        if (*ps->p == '*') {
            ps->p++;
            v *= parse_unary(ps);
        } else if (*ps->p == '/') {
            ps->p++;
            v /= parse_unary(ps);
        } else {
            return v;
        }
    }
}

static double parse_expr(parser *ps)
{
    double v = parse_term(ps);
    for (;;) {
        skip_ws(ps);
        if (*ps->p == '+') {
            ps->p++;
            v += parse_term(ps);
        } else if (*ps->p == '-') {
            ps->p++;
            v -= parse_term(ps);
        } else {
            return v;
        }
    }
}

static int run(const char *text, const ds_expr_vars *vars, double *out, int *uses, ds_err *err)
{
    parser ps = {text, text, vars, 0, err, 0};
    if (!text || !*text)
        return ds_fail(err, DS_EINVAL, "empty expression");
    double v = parse_expr(&ps);
    skip_ws(&ps);
    if (!ps.failed && *ps.p)
        fail(&ps, "unexpected text");
    if (ps.failed)
        return DS_EINVAL;
    /* 1/0, 10^400 or inf would reach a run as a step size that "diverges"
     * with no error; with the problem's constants unknown (vars NULL) an
     * expression naming them cannot be judged yet */
    if (!isfinite(v) && (vars || !ps.uses_vars))
        return ds_fail(err, DS_EINVAL, "expression '%s' is not finite (it evaluates to %g)", text, v);
    if (out)
        *out = v;
    if (uses)
        *uses = ps.uses_vars;
    return DS_OK;
}

int ds_expr_check(const char *text, ds_err *err)
{
    return run(text, NULL, NULL, NULL, err);
}

int ds_expr_is_constant(const char *text)
{
    int uses = 1;
    if (run(text, NULL, NULL, &uses, NULL) != DS_OK)
        return 0;
    return !uses;
}

int ds_expr_eval(const char *text, const ds_expr_vars *vars, double *out, ds_err *err)
{
    int uses = 0;
    double v = NAN;
    int rc = run(text, vars, &v, &uses, err);
    if (rc)
        return rc;
    if (uses && !vars)
        return ds_fail(err, DS_EINVAL, "expression '%s' names a problem constant but no problem is bound", text);
    *out = v;
    return DS_OK;
}
