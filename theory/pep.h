/* Performance estimation (PEP): the exact worst case of a fixed-step
 * first-order method over a function class, as the value of a small
 * semidefinite program (Drori & Teboulle 2014; Taylor, Hendrickx & Glineur
 * 2017, "Smooth strongly convex interpolation and exact worst-case
 * performance of first-order methods", Thm 4 and sec. 3).
 *
 * A fixed-step method (DS_OPT_FIXED_STEP) queries K gradients g_0..g_{K-1}
 * at points q_k = x0 - sum_j h[k][j] g_j and reports x_N = x0 - sum_j
 * out[j] g_j. pep_trace.c extracts h and out by running the method itself
 * on a tracing oracle; pep.c writes the Gram-matrix SDP and solves it with
 * DSDP (Benson & Ye), linked against the reference BLAS/LAPACK so the
 * numbers never depend on the CPU. */
#ifndef DS_PEP_H
#define DS_PEP_H

#include <stddef.h>

#include "../core/error.h"
#include "../core/optimizer.h"
#include "../core/spec.h"
#include "theorem.h"

typedef enum ds_pep_class {
    DS_PEP_SMOOTH_CONVEX,          /**< convex, L-smooth */
    DS_PEP_SMOOTH_STRONGLY_CONVEX  /**< mu-strongly convex, L-smooth, 0 < mu < L */
} ds_pep_class;

typedef enum ds_pep_measure {
    DS_PEP_GAP,    /**< f(x_N) - f* */
    DS_PEP_GRAD2,  /**< ||grad f(x_N)||^2 */
    DS_PEP_DIST2   /**< ||x_N - x*||^2 */
} ds_pep_measure;

/* The step table of N steps of a method, in absolute units (lr = 1/L gives
 * h = 1/L). h is K x K row-major, out has K entries. */
typedef struct ds_pep_steps {
    size_t K;     /**< gradient evaluations */
    long N;       /**< steps of the method */
    double *h;    /**< query k at x0 - sum_j h[k*K+j] g_j */
    double *out;  /**< the reported iterate x_N = x0 - sum_j out[j] g_j */
} ds_pep_steps;

void ds_pep_steps_free(ds_pep_steps *s);

/* Which interpolation conditions the SDP is solved with. */
typedef enum ds_pep_rows {
    DS_PEP_ROWS_GENERATE,  /**< constraint generation from a few rows per point (the default) */
    DS_PEP_ROWS_FULL,      /**< every condition from the start (slower, the same value) */
    DS_PEP_ROWS_STAR,      /**< generation from the conditions with x* alone (a smaller seed) */
    DS_PEP_ROWS_STAR_ONLY  /**< those alone, never refined: a relaxation, its value possibly too large (tests) */
} ds_pep_rows;

/* The function class and the question. */
typedef struct ds_pep_setup {
    ds_pep_class cls;
    double L, mu;              /**< mu = 0 for the smooth convex class */
    ds_pep_measure measure;
    double R;                  /**< ||x0 - x*|| <= R */
    double D;                  /**< f(x0) - f* <= D as well; NAN: no such condition */
    ds_pep_rows rows;          /**< 0: constraint generation */
} ds_pep_setup;

/* The solver's answer: the worst case lies in [lower, value]. value is the
 * primal objective (an upper bound when the primal point is feasible),
 * lower the dual objective (attained by a feasible Gram matrix); tol =
 * value - lower is the stated tolerance. */
typedef struct ds_pep_result {
    double value, lower, tol;
    double infeas;             /**< the primal infeasibility DSDP reports */
    int iters;
    double rate;               /**< the per-step rate the SDP was scaled by (1: unscaled) */
    size_t rows, rows_all;     /**< the LP rows of the last solve, of the full problem's */
    int rounds;                /**< DSDP solves of constraint generation (1: the full problem) */
} ds_pep_result;

/* The solver's stopping rule: relative duality gap. */
#define DS_PEP_GAP_TOL 1e-10
/* A stop on short steps or a numerical error is accepted when both sides
 * are feasible and the relative gap is below this; tol says how far. */
#define DS_PEP_ACCEPT_GAP 1e-7
/* The largest primal infeasibility accepted (the primal objective is the
 * upper end of the stated interval only for a feasible point). */
#define DS_PEP_PINF_TOL 1e-9
/* A value whose gap exceeds DS_PEP_GAP_TOL * DS_PEP_REFINE of itself is
 * solved again with a gap tolerance scaled by its size. */
#define DS_PEP_REFINE 10.0
/* The finest gap tolerance asked of DSDP, in its units (1 + |objective|). */
#define DS_PEP_GAP_FLOOR 1e-16
/* The largest gap accepted relative to the value itself. */
#define DS_PEP_REL_TOL 1e-4

/* Constraint generation adds a dropped row when the solution violates it
 * by more than this (rows normalised to a largest coefficient of 1): the
 * same feasibility asked of the multipliers (DS_PEP_PINF_TOL). */
#define DS_PEP_CUT_TOL DS_PEP_PINF_TOL

/* The trace penalty, relative to the normalised objective, that moves
 * the relaxation's solution to a low-rank optimum satisfying every row. */
#define DS_PEP_TRACE_EPS 1e-7
/* Constraint generation solves the upper end again on the rows it added
 * while its two ends lie further apart than this, relative to the value:
 * above the trace penalty's own cost to the lower end (~1e-8 of the
 * value), which no further round can remove (OGM-G at N = 30: 1.8e-8,
 * then 1.7e-8 after two more rounds). */
#define DS_PEP_CG_GAP 1e-7

/* Beyond DS_PEP_RATE_K2 gradients the SDP is scaled by the rate of the
 * worst case, estimated from the table's prefixes of DS_PEP_RATE_K1 and
 * DS_PEP_RATE_K2 gradients (a congruence: the value does not change). */
#define DS_PEP_RATE_K1 5
#define DS_PEP_RATE_K2 10

/* Beyond DS_PEP_RATE_K2 gradients on the strongly convex class, the SDP is
 * written in the shifted gradients g - mu (x - x*) (sparse rows, pep.c)
 * unless that makes a point's scaled coordinates this many times larger
 * than in the gradients themselves (a method far from its rate on
 * mu/2 ||x||^2, e.g. heavy ball). */
#define DS_PEP_SHIFT_GROWTH 4.0

/* Solve the PEP of steps over setup. DS_ENUM with a message when the SDP is
 * unbounded, infeasible or the solver stops without converging. */
int ds_pep_solve(const ds_pep_steps *steps, const ds_pep_setup *setup, ds_pep_result *out, ds_err *err);

/* The same SDP scaled by a given rate rho > 0 (1: unscaled; NAN: the
 * estimated one, as ds_pep_solve): the value is the same up to the
 * solver's tolerances whenever both solve. */
int ds_pep_solve_rate(const ds_pep_steps *steps, const ds_pep_setup *setup, double rho, ds_pep_result *out,
                      ds_err *err);

/* Run N steps of optimizer ot with parameters spec (parsed, unbound: lr=1/L
 * is evaluated here) on the tracing oracle of a problem with constants L
 * and mu, within a run budget of T >= N steps (what T in a spec and a
 * horizon-N method such as ogm see; T <= 0 means N), twice (unit gradients, then scaled and rotated ones), and return
 * its step table. Any type table works, in the catalog or not. Refused with
 * DS_ENOTSUP when ot lacks DS_OPT_FIXED_STEP or its coefficients change
 * with the gradients. */
int ds_pep_trace(const ds_optimizer_type *ot, const ds_values *spec, double L, double mu, long N, long T,
                 ds_pep_steps *out, ds_err *err);

/* Trace with the setup's L and mu, then solve. */
int ds_pep_bound(const ds_optimizer_type *ot, const ds_values *spec, const ds_pep_setup *setup, long N, long T,
                 ds_pep_result *out, ds_err *err);

/* The worst case of the measure at x0 itself (N = 0): L R^2/2 for the gap,
 * L^2 R^2 for grad2, R^2 for dist2. A method whose PEP value exceeds it
 * after N steps has no convergence guarantee at N (gd at lr > 2/L). */
double ds_pep_initial(const ds_pep_setup *setup);

/* The verdict of a run against PEP bounds at horizons t[0..n): PASS when
 * every measured[i] <= bound[i] (1 + DS_TH_REL_TOL) + tol[i] (bound the
 * solver's upper end, tol its stated gap), FAIL at the first that is not
 * (a NaN or infinite measurement included). Fills c's numbers and reason;
 * c->th and c->claimed are the caller's. */
void ds_pep_judge(const long *t, const double *measured, const double *bound, const double *tol, size_t n,
                  ds_check *c);

/* A method with no convergence guarantee: n/a, never PASS, when at some
 * horizon t[i] after the first the worst case certainly exceeds both x0's
 * own (initial) and the worst case at t[i-1] (bound[i] - tol[i] above
 * both): it is worse than not moving and still growing (gd at lr 2.1/L). A
 * run below such a bound proves nothing about convergence. Not a FAIL: a
 * method may grow for a while and converge later (heavy_ball form=ema's
 * defaults, distances, up to t = 10). Returns 1 when it sets the verdict. */
int ds_pep_growth(const long *t, const double *bound, const double *tol, size_t n, double initial, ds_check *c);

/* A lower bound on every method's worst case (drori-lower) against one
 * method's PEP values value[i] (tolerance tol[i]) at horizons t[i]: the
 * worst case lies in [value - tol, value], so PASS when every value[i] >=
 * bound[i] (1 - DS_TH_REL_TOL) - tol[i], FAIL at the first that is not (a
 * wrong constant, a wrong PEP or a method better than optimal). Where
 * attained[i] is set (the method that attains the bound, at its horizon)
 * the value must also be <= bound[i] (1 + DS_TH_REL_TOL) + tol[i]: c->tight
 * and c->tight_err say how close, and a value above it FAILs. Fills c's
 * numbers and reason; c->th and c->claimed are the caller's. */
void ds_pep_judge_lower(const long *t, const double *value, const double *bound, const double *tol,
                        const int *attained, size_t n, ds_check *c);

const char *ds_pep_measure_name(ds_pep_measure m);
const char *ds_pep_class_name(ds_pep_class c);
int ds_pep_measure_parse(const char *text, ds_pep_measure *out, ds_err *err);
int ds_pep_class_parse(const char *text, ds_pep_class *out, ds_err *err);

#endif
