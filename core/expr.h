/* Arithmetic expressions in a problem's constants, so a step size can be
 * written as `1/L`, `2/(L+mu)` or `4/(sqrt(L)+sqrt(mu))^2`.
 *
 * Grammar: expr = term {(+|-) term}; term = unary {(*|/) unary};
 * unary = (+|-) unary | power; power = atom [^ unary] (right-associative);
 * atom = number | name | name(expr) | (expr).
 * Names: the variables of ds_expr_vars below; functions sqrt, log, exp,
 * abs. */
#ifndef DS_EXPR_H
#define DS_EXPR_H

#include "error.h"

/* The problem constants an expression may name. */
typedef struct ds_expr_vars {
    double L;      /**< smoothness constant */
    double mu;     /**< strong-convexity constant (0 when not strongly convex) */
    double kappa;  /**< L / mu (inf when mu = 0) */
    double dim;    /**< number of variables */
    double n;      /**< number of samples (0 when not a finite sum) */
    double R;      /**< ||x0 - x*|| (NaN when x* is unknown) */
    double T;      /**< the run's iteration budget */
} ds_expr_vars;

/* Check syntax and names without evaluating; 0 or DS_EINVAL. */
int ds_expr_check(const char *text, ds_err *err);

/* 1 when text names no variable (a plain constant expression). */
int ds_expr_is_constant(const char *text);

/* Evaluate; vars may be NULL when the expression names none. */
int ds_expr_eval(const char *text, const ds_expr_vars *vars, double *out, ds_err *err);

#endif
