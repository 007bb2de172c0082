/* Theorems: exact convergence bounds with their hypotheses, as one constant
 * table (the catalog of theory/THEORY.md, ids as printed by
 * `descent list theorems` and taken by `--claim`), and the checker that
 * holds a recorded run against them.
 *
 * A theorem says: for this method with these parameters, on this function
 * class, this quantity at iteration t is <= (or >=) bound(t). The checker
 * decides whether a run is covered (applicability, with the reason when
 * not), then compares the quantity to the bound at every recorded
 * iteration with the tolerances of THEORY.md (after PEPit's test suite):
 * upper bounds measured <= bound (1 + 1e-9), lower bounds
 * measured >= bound (1 - 1e-9), tight entries on their worst-case instance
 * |measured - bound| <= 1e-9 bound at the horizon. */
#ifndef DS_THEOREM_H
#define DS_THEOREM_H

#include <stddef.h>

#include <stdint.h>

#include "../core/error.h"
#include "../core/problem.h"
#include "../core/spec.h"

typedef enum ds_th_kind {
    DS_TH_UPPER,    /**< measured <= bound at every t */
    DS_TH_LOWER,    /**< measured >= bound at every t (any method of its class) */
    DS_TH_TIGHT,    /**< an upper bound, attained on a worst-case instance */
    DS_TH_COUNTER   /**< a counterexample to reproduce, not a bound */
} ds_th_kind;

typedef enum ds_quantity {
    DS_Q_GAP,         /**< f(x_t) - f* at the last iterate */
    DS_Q_GAP_AVG,     /**< f(xbar_t) - f*, xbar_t the mean of x_0..x_{t-1} */
    DS_Q_GAP_MIN,     /**< min_{j<=t} f(x_j) - f* */
    DS_Q_DIST2,       /**< ||x_t - x*||^2 */
    DS_Q_GRAD2,       /**< ||grad f(x_t)||^2 */
    DS_Q_GRAD2_MIN,   /**< min_{j<=t} ||grad f(x_j)||^2 */
    DS_Q_GRAD2_MEAN,  /**< (1/t) sum_{j<t} ||grad f(x_j)||^2 */
    DS_Q_REGRET,      /**< sum_{j<t} (f(x_j) - f*) */
    DS_Q_NONE         /**< counterexamples: the behaviour itself */
} ds_quantity;

const char *ds_quantity_name(ds_quantity q);

/* A recorded run as theory sees it: its specs, the problem's constants and
 * the trace arrays (n records, iteration 0 first). bench fills it from a
 * ds_result (theory knows nothing of the runner); tests build it by hand.
 * The running quantities may be NULL when not tracked. */
typedef struct ds_th_run {
    const char *problem, *optimizer, *schedule;  /**< canonical specs */
    uint64_t seed;               /**< the instance seed (re-creates the problem) */
    long horizon;                /**< the step budget the run was given */
    int diverged;                /**< stopped on non-finite or exploding f */
    double L, mu, R, f0, f_star;
    unsigned flags;              /**< the problem's class flags */
    size_t dim;
    size_t n;                    /**< records */
    const long *iter;
    const double *f, *f_gap, *grad_norm, *lr, *dist;
    const double *grad2_min, *grad2_mean, *f_min, *f_avg;  /**< may be NULL */
    const double *regret, *gsum, *dinf;  /**< as ds_trace's; may be NULL */
    size_t xdim;                 /**< coordinates kept per record (0 when dim > 3) */
    const double *x;             /**< n x xdim, or NULL */
    const double *x_final;       /**< dim values, or NULL */
} ds_th_run;

/* What a theorem sees of a run: the problem's constants, the optimizer's
 * resolved parameters (bound to the problem), and the trace. */
typedef struct ds_th_ctx {
    const ds_th_run *run;
    const ds_problem *p;       /**< the instance, re-created from res->problem and res->seed */
    const char *opt;           /**< optimizer name */
    const ds_values *ov;       /**< its parameters, bound to the problem's constants */
    const char *schedule;      /**< canonical schedule spec */
    double L, mu, kappa, R, D; /**< D = f(x0) - f* */
    double M;                  /**< Lipschitz constant of f (NaN unless DS_LIPSCHITZ) */
    double sigma2;             /**< variance of the additive gradient noise, noise^2 dim */
    double mu_pl;              /**< Polyak-Lojasiewicz constant: the smallest non-zero Hessian
                                    eigenvalue of a quadratic (NaN when not known) */
    long N;                    /**< the run's horizon: its step budget */
    double lr;                 /**< the optimizer's lr (NaN when it has none) */
    int constant_lr;           /**< the recorded lr never changes */
} ds_th_ctx;

typedef struct ds_theorem {
    const char *id;          /**< as in THEORY.md */
    const char *statement;   /**< one line: the bound with its conditions */
    const char *method;      /**< method and parameter conditions, in words */
    const char *source;      /**< paper, theorem number */
    unsigned requires;       /**< problem class flags that must all be set */
    ds_quantity quantity;
    ds_th_kind kind;
    int conjecture;          /**< a bound computed numerically, not proven: checked,
                                  reported apart from the theorems */
    int stochastic;          /**< holds in expectation: checked on the mean over seeds;
                                  else the run must use exact, unmodified gradients */
    const char *instance;    /**< the problem family it is about (NULL: any in the class) */
    /* The optimizers it is about, '|'-separated. Another optimizer that
     * claims the theorem is held to the bound as it is; one of these is
     * held to it where `applies` says its parameters qualify. */
    const char *methods;
    /* Conditions on the problem and the run beyond `requires` and
     * `instance` (x0 = 0, a known noise variance): 1, or 0 with the reason.
     * A claim never overrides them. NULL: none. */
    int (*fits)(const ds_th_ctx *c, char *why, size_t n);
    /* 1 when the method and its parameters meet the theorem's conditions;
     * else 0 with the reason ("lr=0.3 > 1/L=0.1") in why. A claim checks
     * the bound anyway. */
    int (*applies)(const ds_th_ctx *c, char *why, size_t n);
    /* The bound on the quantity after t steps; NaN where the theorem says
     * nothing (t = 0, or t != N for a horizon-N statement). f_t is f(x_t)
     * for bounds that involve it. */
    double (*bound)(const ds_th_ctx *c, long t, double f_t);
    /* The per-step factor of the quantity that the worst case attains
     * asymptotically (e.g. ((kappa-1)/(kappa+1))^2 for the gap of GD with
     * step 2/(mu+L)); NULL or NaN when none is known. */
    double (*tight_rate)(const ds_th_ctx *c);
    double order;            /**< sublinear order p of a 1/t^p bound; 0 for linear rates */
    /* 1 when the run is on the theorem's worst-case instance (equality is
     * then required at the horizon). NULL: never checked for equality. */
    int (*is_tight)(const ds_th_ctx *c);
    /* Counterexamples: 1 when the run reproduces the behaviour, with what
     * was seen in why. */
    int (*reproduces)(const ds_th_ctx *c, char *why, size_t n);
} ds_theorem;

/* The catalog, NULL-terminated. */
extern const ds_theorem *const ds_theorems[];
const ds_theorem *ds_theorem_find(const char *id);

/* 1 when the run steps with exact, unmodified gradients (no noise,
 * mini-batches, L2, weight decay, clipping or accumulation); else 0 with
 * the reason. Every deterministic theorem assumes it. */
int ds_th_exact_gradients(const ds_th_ctx *c, char *why, size_t n);

/* ---- the checker --------------------------------------------------------- */

typedef enum ds_verdict {
    DS_V_NA = 0,     /**< not applicable (reason given) */
    DS_V_PASS,
    DS_V_FAIL,
    DS_V_SHOWN,      /**< a counterexample reproduced */
    DS_V_NOT_SHOWN,  /**< a counterexample that did not reproduce */
    DS_V_UNDECIDED   /**< stochastic: too few seeds for the check to be able to fail */
} ds_verdict;

const char *ds_verdict_name(ds_verdict v);

#define DS_TH_REL_TOL 1e-9  /**< THEORY.md's tolerance on bounds, relative */
/* The rounding floor of a quantity: DS_TH_FLOOR_SQ times its first value
 * (an iterate eps-close to x* leaves eps^2 of a squared quantity), plus for
 * f - f* DS_TH_FLOOR_F |f*| (sqrt(n) times that for a mean of n samples). */
#define DS_TH_FLOOR_SQ 1e-24
#define DS_TH_FLOOR_F 1e-15

typedef struct ds_check {
    const ds_theorem *th;
    ds_verdict verdict;
    char reason[256];       /**< why not applicable, why it failed, or a note */
    int claimed;            /**< 1: claimed by the optimizer's table; 2: forced (--claim) */
    int outside;            /**< claimed, but the method's conditions do not hold */
    size_t n_checked;       /**< records compared */
    long last_iter;         /**< last record compared */
    double measured, bound; /**< at last_iter */
    double worst_ratio;     /**< max measured/bound over t >= 1 (upper), min (lower) */
    long worst_iter;
    long first_violation;   /**< iteration; -1 when none */
    double viol_measured, viol_bound;
    int tight;              /**< run on the worst-case instance: equality checked */
    double tight_err;       /**< |measured - bound| / bound at the horizon */
    double rate_emp, rate_thm, rate_tight;  /**< per-step factors over the tail (linear) */
    double order_emp, order_thm;            /**< slopes of -log q against log t (sublinear) */
    double ci;              /**< stochastic: half-width of the 95% interval of the mean at last_iter
                                 (Student's t for the seeds) */
    size_t seeds;           /**< seeds the quantity was averaged over (1: deterministic) */
    size_t seeds_needed;    /**< stochastic: fewest seeds whose interval is narrower than the bound */
    int class_fits;         /**< the problem is in the theorem's class (whatever the method) */
    int about_method;       /**< the run's optimizer is one of the theorem's methods */
} ds_check;

/* Build the theorem context of a run: re-parse and bind its optimizer and
 * re-create its problem (owned by *pp, free with ds_problem_free). ov must
 * outlive ctx; it is released with ds_values_free, whether this succeeds
 * or not. */
int ds_th_ctx_init(ds_th_ctx *ctx, const ds_th_run *run, ds_values *ov, ds_problem **pp,
                   ds_err *err);

/* Check one theorem against the runs of one (problem, optimizer) over
 * seeds runs[0..nruns) (one run for deterministic theorems: the first).
 * claimed = 1 (the optimizer's table): an optimizer outside th->methods
 * is held to the bound as it is; one of th->methods only where its
 * parameters qualify. claimed = 2 (--claim): the bound is checked even
 * where the parameters do not qualify (noted in out->reason). The
 * problem's class must match in every case.
 * Returns DS_OK, or an error when the context cannot be built. */
int ds_theory_check(const ds_theorem *th, const ds_th_run *runs, size_t nruns, int claimed,
                    ds_check *out, ds_err *err);

/* Empirical rates of a positive sequence q[k] at iterations it[k] over its
 * tail (the last half of the finite positive records, iteration >= 1):
 * the per-step factor exp(slope of log q against t), and the order p of
 * q ~ t^-p (minus the slope of log q against log t). NaN when fewer than 3
 * points. */
double ds_fit_linear_rate(const long *it, const double *q, size_t n);
double ds_fit_order(const long *it, const double *q, size_t n);

/* The two-sided 95% quantile of Student's t with df degrees of freedom
 * (2.3646 at df = 7; infinite at df = 0). */
double ds_student_t975(size_t df);

#endif
