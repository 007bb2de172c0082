/* The theorem catalog: every entry of THEORY.md as one constant table with
 * its hypotheses, conditions, bound and source. Adding a theorem is one
 * table here and one line in ds_theorems[] at the end.
 *
 * Conventions: t is the number of steps taken (the record of iteration t
 * is x_t); R = ||x0 - x*||, D = f(x0) - f*, kappa = L/mu,
 * q = (sqrt(kappa)-1)/(sqrt(kappa)+1). Where a catalog bound is stated for
 * the step 1/L, the bound here is its form for the step the run used (the
 * same at 1/L), so that a claim with a wrong step is checked against the
 * number it actually promises. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "theorem.h"

#include "../optimizers/sequences.h"
#include "../core/dmath.h"

/* ---- helpers ------------------------------------------------------------- */

static long record_of(const ds_th_run *r, long t);

static int no(char *why, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int no(char *why, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, n, fmt, ap);
    va_end(ap);
    return 0;
}

static int rel_eq(double a, double b)
{
    return fabs(a - b) <= 1e-9 * fabs(b);
}

static double par(const ds_th_ctx *c, const char *name)
{
    const ds_value *v = ds_value_get(c->ov, name);
    return v ? v->num : NAN;
}

static const char *par_text(const ds_th_ctx *c, const char *name)
{
    const ds_value *v = ds_value_get(c->ov, name);
    return v ? v->text : "";
}

static int opt_is(const ds_th_ctx *c, const char *name)
{
    return strcmp(c->opt, name) == 0;
}

static int problem_is(const ds_th_ctx *c, const char *family)
{
    return c->p && strcmp(c->p->type->name, family) == 0;
}

/* The problem's own parameter (NaN when the family has none of that name). */
static double ppar(const ds_th_ctx *c, const char *name)
{
    const ds_value *v = c->p ? ds_value_get(&c->p->params, name) : NULL;
    return v ? v->num : NAN;
}

/* Exact gradients, unmodified: what every deterministic theorem assumes. */
int ds_th_exact_gradients(const ds_th_ctx *c, char *why, size_t n)
{
    static const char *const mods[] = {"l2", "wd", "clip", "clip_value"};
    for (size_t i = 0; i < sizeof mods / sizeof mods[0]; i++)
        if (par(c, mods[i]) > 0)
            return no(why, n, "not applicable: the gradient is modified (%s=%s)", mods[i],
                      par_text(c, mods[i]));
    if (par(c, "accum") > 1)
        return no(why, n, "not applicable: gradient accumulation (accum=%s)", par_text(c, "accum"));
    if (c->p && c->p->noise > 0)
        return no(why, n, "not applicable: gradients are stochastic (noise=%g)", c->p->noise);
    double b = par(c, "batch");
    if (c->p && c->p->n > 0 && b > 0 && b < (double)c->p->n)
        return no(why, n, "not applicable: gradients are stochastic (batch=%s of n=%zu)",
                  par_text(c, "batch"), c->p->n);
    return 1;
}

static int constant_step(const ds_th_ctx *c, char *why, size_t n)
{
    if (!c->constant_lr)
        return no(why, n, "not applicable: the step size is not constant (schedule %s)", c->schedule);
    if (!(c->lr > 0))
        return no(why, n, "not applicable: no positive step size");
    return 1;
}

/* Plain GD: gd, no line search, constant step, exact gradients. */
static int plain_gd(const ds_th_ctx *c, char *why, size_t n)
{
    if (!opt_is(c, "gd"))
        return no(why, n, "not applicable: the theorem is about gd, not %s", c->opt);
    if (strcmp(par_text(c, "ls"), "exact") == 0)
        return no(why, n, "not applicable: gd with ls=exact is another method");
    return constant_step(c, why, n);
}

/* Plain SGD: sgd without momentum or weight decay, constant step. */
static int plain_sgd(const ds_th_ctx *c, char *why, size_t n)
{
    if (!opt_is(c, "sgd"))
        return no(why, n, "not applicable: the theorem is about sgd, not %s", c->opt);
    if (par(c, "momentum") != 0 || par(c, "weight_decay") != 0)
        return no(why, n, "not applicable: sgd with momentum or weight_decay");
    static const char *const mods[] = {"l2", "wd", "clip", "clip_value"};
    for (size_t i = 0; i < sizeof mods / sizeof mods[0]; i++)
        if (par(c, mods[i]) > 0)
            return no(why, n, "not applicable: the gradient is modified (%s=%s)", mods[i],
                      par_text(c, mods[i]));
    return 1;
}

static int lr_at_most(const ds_th_ctx *c, double lim, const char *lim_text, char *why, size_t n)
{
    if (!(c->lr <= lim * (1 + 1e-12)))
        return no(why, n, "not applicable: lr=%g > %s=%g", c->lr, lim_text, lim);
    return 1;
}

static int lr_below(const ds_th_ctx *c, double lim, const char *lim_text, char *why, size_t n)
{
    if (!(c->lr < lim))
        return no(why, n, "not applicable: lr=%g >= %s=%g", c->lr, lim_text, lim);
    return 1;
}

static int lr_equals(const ds_th_ctx *c, double want, const char *text, char *why, size_t n)
{
    if (!rel_eq(c->lr, want))
        return no(why, n, "not applicable: lr=%g is not %s=%g", c->lr, text, want);
    return 1;
}


/* A method whose iterates stay in x0 + span of past gradients (the class of
 * Nesterov's lower bounds). */
static int span_method(const ds_th_ctx *c, char *why, size_t n)
{
    static const char *const span[] = {"gd", "agd", "ogm", "ogm_g", "heavy_ball", "triple_momentum",
                                       "itm", "sgd"};
    for (size_t i = 0; i < sizeof span / sizeof span[0]; i++)
        if (opt_is(c, span[i]))
            return 1;
    return no(why, n, "not applicable: %s does not keep its iterates in the span of past gradients",
              c->opt);
}

/* heavy_ball's form=ema, v+ = beta v + (1-beta) g, x+ = x - lr v+, v_0 = 0,
 * is the recursion below with alpha = lr (1-beta); form=polyak and sgd
 * step alpha = lr. */
static double hb_alpha(const ds_th_ctx *c)
{
    if (opt_is(c, "heavy_ball") && strcmp(par_text(c, "form"), "ema") == 0)
        return c->lr * (1 - par(c, "momentum"));
    return c->lr;
}

/* Heavy ball x+ = x - alpha g + beta (x - x_prev), x_{-1} = x0: `heavy_ball`
 * (lr, momentum), or torch's SGD with momentum, no dampening, no Nesterov,
 * full batch, which is the same recursion. Reads alpha and beta. */
static int heavy_ball(const ds_th_ctx *c, double *alpha, double *beta, char *why, size_t n)
{
    if (opt_is(c, "sgd")) {
        if (par(c, "dampening") != 0 || par(c, "nesterov") != 0 || par(c, "weight_decay") != 0)
            return no(why, n, "not applicable: sgd with dampening, nesterov or weight_decay is not heavy ball");
    } else if (!opt_is(c, "heavy_ball")) {
        return no(why, n, "not applicable: the theorem is about heavy ball, not %s", c->opt);
    }
    *beta = par(c, "momentum");
    if (isnan(*beta))
        *beta = par(c, "beta");
    if (!(*beta >= 0))
        return no(why, n, "not applicable: no momentum parameter");
    *alpha = hb_alpha(c);
    return constant_step(c, why, n);
}

static double q_of(const ds_th_ctx *c)
{
    double s = sqrt(c->kappa);
    return (s - 1) / (s + 1);
}

/* x0 - x* from the trace (kept for dim <= 3), or NULL. */
static int start_offset(const ds_th_ctx *c, double *d, size_t max)
{
    const ds_th_run *r = c->run;
    if (!r->x || r->xdim == 0 || r->xdim > max || !c->p || !c->p->x_star)
        return 0;
    for (size_t i = 0; i < r->xdim; i++)
        d[i] = r->x[i] - c->p->x_star[i];
    return (int)r->xdim;
}

static int on_1d_quadratic(const ds_th_ctx *c)
{
    return problem_is(c, "quadratic") && c->p->dim == 1;
}

/* ---- smooth convex ------------------------------------------------------- */

static int gd_convex_tight_applies(const ds_th_ctx *c, char *why, size_t n)
{
    return plain_gd(c, why, n) && lr_at_most(c, 1 / c->L, "1/L", why, n);
}

static double gd_convex_tight_bound(const ds_th_ctx *c, long t, double f_t)
{
    (void)f_t;
    double h = c->lr * c->L;
    return c->L * c->R * c->R / (4.0 * (double)t * h + 2.0);
}

/* huber_worst (threshold=gd) is built for one horizon N and step h:
 * equality holds there. */
static int gd_convex_tight_instance(const ds_th_ctx *c)
{
    if (!problem_is(c, "huber_worst") || ds_enum(&c->p->params, "threshold") != 0)
        return 0;
    double N = ppar(c, "N"), h = ppar(c, "h");
    return (isnan(N) || (long)N == c->N) && (isnan(h) || rel_eq(c->lr * c->L, h));
}

static const ds_theorem th_gd_convex_tight = {
    .id = "gd-convex-tight",
    .statement = "f(x_N)-f* <= L R^2/(4Nh+2), step h/L, 0 < h <= 1",
    .method = "gd, constant lr = h/L <= 1/L",
    .source = "Drori & Teboulle 2014, Thm 3.1; PEPit gradient_descent.py",
    .requires = DS_CONVEX | DS_SMOOTH,
    .quantity = DS_Q_GAP,
    .kind = DS_TH_TIGHT,
    .methods = "gd",
    .applies = gd_convex_tight_applies,
    .bound = gd_convex_tight_bound,
    .order = 1,
    .is_tight = gd_convex_tight_instance,
};

static double gd_convex_classic_bound(const ds_th_ctx *c, long t, double f_t)
{
    (void)f_t;
    return t >= 1 ? c->R * c->R / (2.0 * c->lr * (double)t) : NAN;
}

static const ds_theorem th_gd_convex_classic = {
    .id = "gd-convex-classic",
    .statement = "f(x_N)-f* <= R^2/(2 N lr) = L R^2/(2N) at lr = 1/L (textbook; loose by about 2x)",
    .method = "gd, constant lr <= 1/L",
    .source = "Beck 2017, Thm 10.21 (Nesterov 2004, Cor 2.1.2 states the weaker 2 L R^2/(N+4))",
    .requires = DS_CONVEX | DS_SMOOTH,
    .quantity = DS_Q_GAP,
    .kind = DS_TH_UPPER,
    .methods = "gd",
    .applies = gd_convex_tight_applies,
    .bound = gd_convex_classic_bound,
    .order = 1,
};

static int agd_variant(const ds_th_ctx *c, const char *variant, char *why, size_t n)
{
    if (!opt_is(c, "agd"))
        return no(why, n, "not applicable: the theorem is about agd variant=%s, not %s", variant, c->opt);
    if (strcmp(par_text(c, "variant"), variant) != 0)
        return no(why, n, "not applicable: agd variant=%s, the theorem needs variant=%s",
                  par_text(c, "variant"), variant);
    if (!isnan(c->lr) && !lr_equals(c, 1 / c->L, "1/L", why, n))
        return 0;
    return 1;
}

static int agd_convex_applies(const ds_th_ctx *c, char *why, size_t n)
{
    return agd_variant(c, "fista", why, n);
}

/* The step the bound is stated for: the run's lr, 1/L for methods that fix it. */
static double step_of(const ds_th_ctx *c)
{
    return c->lr > 0 ? c->lr : 1 / c->L;
}

static double agd_convex_bound(const ds_th_ctx *c, long t, double f_t)
{
    (void)f_t;
    if (t < 1)
        return NAN;
    double l = ds_fista_lambda(t);
    return c->R * c->R / (2.0 * step_of(c) * l * l);
}

static const ds_theorem th_agd_convex = {
    .id = "agd-convex",
    .statement = "f(x_N)-f* <= L R^2/(2 lambda_N^2) <= 2 L R^2/(N+1)^2",
    .method = "agd variant=fista (lambda_1 = 1, lambda_{t+1} = (1+sqrt(4 lambda_t^2+1))/2), lr = 1/L",
    .source = "Beck & Teboulle 2009, Thm 4.4 (FISTA with a zero prox)",
    .requires = DS_CONVEX | DS_SMOOTH,
    .quantity = DS_Q_GAP,
    .kind = DS_TH_UPPER,
    .methods = "agd",
    .applies = agd_convex_applies,
    .bound = agd_convex_bound,
    .order = 2,
};

static int agd_t3_applies(const ds_th_ctx *c, char *why, size_t n)
{
    return agd_variant(c, "t3", why, n);
}

/* Momentum t/(t+3) is Chambolle and Dossal's t_k = (k+1)/2 (a = 2),
 * counted from 0: f(x_N)-f* <= 2 L R^2/(N+1)^2, proven. */
static double agd_t3_bound(const ds_th_ctx *c, long t, double f_t)
{
    (void)f_t;
    if (t < 1)
        return NAN;
    return 2.0 * c->R * c->R / (step_of(c) * (double)(t + 1) * (double)(t + 1));
}

static const ds_theorem th_agd_t3_convex = {
    .id = "agd-t3-convex",
    .statement = "f(x_N)-f* <= 2 L R^2/(N+1)^2, momentum t/(t+3)",
    .method = "agd variant=t3, lr = 1/L",
    .source = "Chambolle & Dossal 2015, Thm 1 (a = 2); Su, Boyd & Candes 2016, Thm 4",
    .requires = DS_CONVEX | DS_SMOOTH,
    .quantity = DS_Q_GAP,
    .kind = DS_TH_UPPER,
    .methods = "agd",
    .applies = agd_t3_applies,
    .bound = agd_t3_bound,
    .order = 2,
};

static double agd_t3_pep_bound(const ds_th_ctx *c, long t, double f_t)
{
    (void)f_t;
    if (t < 1)
        return NAN;
    return 2.0 * c->R * c->R / (step_of(c) * (double)(t + 2) * (double)(t + 3));
}

static const ds_theorem th_agd_t3_pep = {
    .id = "agd-t3-convex-pep",
    .statement = "f(x_N)-f* <= 2 L R^2/((N+2)(N+3)), momentum t/(t+3) (numerical, not proven)",
    .method = "agd variant=t3, lr = 1/L",
    .source = "PEPit accelerated_gradient_convex.py: the worst case computed for small N "
              "(Taylor, Hendrickx & Glineur 2017); a conjecture for other N",
    .requires = DS_CONVEX | DS_SMOOTH,
    .quantity = DS_Q_GAP,
    .kind = DS_TH_UPPER,
    .conjecture = 1,
    .methods = "agd",
    .applies = agd_t3_applies,
    .bound = agd_t3_pep_bound,
    .order = 2,
};

/* OGM's horizon: its own N parameter when it has one, else the run's. */
static long ogm_horizon(const ds_th_ctx *c)
{
    double N = par(c, "N");
    return N > 0 ? (long)N : c->N;
}

static int ogm_applies(const ds_th_ctx *c, char *why, size_t n)
{
    if (!opt_is(c, "ogm"))
        return no(why, n, "not applicable: the theorem is about ogm, not %s", c->opt);
    return lr_equals(c, 1 / c->L, "1/L", why, n);
}

static double ogm_bound(const ds_th_ctx *c, long t, double f_t)
{
    (void)f_t;
    long N = ogm_horizon(c);
    if (t != N || N < 1)
        return NAN;  /* a statement about the last iterate of a horizon-N run */
    double th = ds_ogm_theta(N, N);
    return c->L * c->R * c->R / (2 * th * th);
}

static const ds_theorem th_ogm_convex = {
    .id = "ogm-convex",
    .statement = "f(y_N)-f* <= L R^2/(2 theta_N^2) <= L R^2/(N+1)^2 (theta_N with the 8 formula); optimal",
    .method = "ogm, lr = 1/L (horizon N = the run's budget)",
    .source = "Kim & Fessler 2016, Thm 2; PEPit optimized_gradient.py",
    .requires = DS_CONVEX | DS_SMOOTH,
    .quantity = DS_Q_GAP,
    .kind = DS_TH_TIGHT,
    .methods = "ogm",
    .applies = ogm_applies,
    .bound = ogm_bound,
    .is_tight = on_1d_quadratic,
};

static int ogmg_applies(const ds_th_ctx *c, char *why, size_t n)
{
    if (!opt_is(c, "ogm_g"))
        return no(why, n, "not applicable: the theorem is about ogm_g, not %s", c->opt);
    return lr_equals(c, 1 / c->L, "1/L", why, n);
}

static double ogmg_bound(const ds_th_ctx *c, long t, double f_t)
{
    (void)f_t;
    long N = ogm_horizon(c);
    if (t != N || N < 1)
        return NAN;
    double th = ds_ogmg_theta(0, N);
    return 2 * c->L * c->D / (th * th);
}

static const ds_theorem th_ogmg_grad = {
    .id = "ogmg-grad",
    .statement = "||grad f(x_N)||^2 <= 2 L D/theta~_0^2 (theta~ built in reverse from theta~_N = 1)",
    .method = "ogm_g, lr = 1/L (horizon N = the run's budget)",
    .source = "Kim & Fessler 2021, Thm 6.1; PEPit optimized_gradient_for_gradient.py",
    .requires = DS_CONVEX | DS_SMOOTH,
    .quantity = DS_Q_GRAD2,
    .kind = DS_TH_TIGHT,
    .methods = "ogm_g",
    .applies = ogmg_applies,
    .bound = ogmg_bound,
    .is_tight = on_1d_quadratic,
};

/* Every L-smooth convex f has ||grad f(y)||^2 <= 2 L (f(y) - f*) (Nesterov
 * 2004, Thm 2.1.5, (2.1.7) with x = x*), so OGM's f(y_N) - f* <=
 * L R^2/(2 theta_N^2) gives ||grad f(y_N)||^2 <= (L R/theta_N)^2. L x^2/2
 * from R attains both: x_t = 0 for t >= 1 and y_{t+1} = -(theta_t/theta_{t+1})
 * y_t from y_1 = -R/theta_1, so |y_N| = R/theta_N. */
static double ogm_grad_bound(const ds_th_ctx *c, long t, double f_t)
{
    (void)f_t;
    long N = ogm_horizon(c);
    if (t != N || N < 1)
        return NAN;
    double a = c->L * c->R / ds_ogm_theta(N, N);
    return a * a;
}

static const ds_theorem th_ogm_grad_norm = {
    .id = "ogm-grad-norm",
    .statement = "||grad f(y_N)||^2 <= (L R/theta_N)^2 (theta_N with the 8 formula); tight on L x^2/2",
    .method = "ogm, lr = 1/L (horizon N = the run's budget)",
    .source = "Kim & Fessler 2016, Thm 2 with ||grad f||^2 <= 2 L (f - f*) (Nesterov 2004, Thm 2.1.5); "
              "descent pep --measure grad2 gives the same exact worst case for N = 1..20",
    .requires = DS_CONVEX | DS_SMOOTH,
    .quantity = DS_Q_GRAD2,
    .kind = DS_TH_TIGHT,
    .methods = "ogm",
    .applies = ogm_applies,
    .bound = ogm_grad_bound,
    .is_tight = on_1d_quadratic,
};

/* Drori's bound speaks of the worst case over the class, not of one run:
 * it is checked against a method's exact worst case (report/verify.c holds
 * every fixed-step method's PEP value to it). */
static int drori_fits(const ds_th_ctx *c, char *why, size_t n)
{
    (void)c;
    return no(why, n, "not applicable to one run: a bound on the worst case over the class, checked "
                      "against the method's PEP value");
}

static int any_method(const ds_th_ctx *c, char *why, size_t n)
{
    (void)c, (void)why, (void)n;
    return 1;
}

static double drori_bound(const ds_th_ctx *c, long t, double f_t)
{
    (void)f_t;
    if (t < 1)
        return NAN;
    double th = ds_ogm_theta(t, t);
    return c->L * c->R * c->R / (2 * th * th);
}

/* OGM at its own step and horizon: its worst case is the bound itself. */
static int drori_attained(const ds_th_ctx *c)
{
    char why[128];
    return opt_is(c, "ogm") && ogm_applies(c, why, sizeof why) && ogm_horizon(c) == c->N;
}

static const ds_theorem th_drori_lower = {
    .id = "drori-lower",
    .statement = "any first-order method, N steps, dimension d >= N+2: some L-smooth convex f with "
                 "||x0 - x*|| = R has f(x_N)-f* >= L R^2/(2 theta_N^2) (OGM's bound: OGM is optimal)",
    .method = "any first-order method (checked on the PEP worst case of every fixed-step method)",
    .source = "Drori 2017, J. Complexity 39, Thm 3 (the tightness of OGM's bound in PEPit's "
              "optimized_gradient.py); Kim & Fessler 2017, JOTA 172",
    .requires = DS_CONVEX | DS_SMOOTH,
    .quantity = DS_Q_GAP,
    .kind = DS_TH_LOWER,
    .fits = drori_fits,
    /* every method; verify holds the fixed-step ones to it through their PEP values */
    .methods = "gd|agd|ogm|ogm_g|heavy_ball|triple_momentum|itm",
    .applies = any_method,
    .bound = drori_bound,
    .order = 2,
    .is_tight = drori_attained,
};

/* Nesterov's worst function in dimension k, started at 0. */
/* The form is the spec's: the convex form (mu=0) is strongly convex in
 * finite dimension with a tiny exact mu, and is still the convex instance. */
static int nesterov_fits(const ds_th_ctx *c, int strongly, char *why, size_t n)
{
    double mu = ppar(c, "mu");
    if (strongly ? !(mu > 0) : mu > 0)
        return no(why, n, "not applicable: nesterov_worst is the %s form here (mu=%g)",
                  strongly ? "convex" : "strongly convex", mu);
    if (c->run->f0 != 0.0)
        return no(why, n, "not applicable: the run does not start at x0 = 0 (f(x0)=%g)", c->run->f0);
    return 1;
}

static int nesterov_convex_fits(const ds_th_ctx *c, char *why, size_t n)
{
    return nesterov_fits(c, 0, why, n);
}

static int nesterov_sc_fits(const ds_th_ctx *c, char *why, size_t n)
{
    if (!c->p->x_star)
        return no(why, n, "not applicable: x* unknown");
    return nesterov_fits(c, 1, why, n);
}



/* The function's own L (its parameter) when it has one: the formula's L. */
static double nesterov_L(const ds_th_ctx *c)
{
    double L = ppar(c, "L");
    return L > 0 ? L : c->L;
}

/* For x_t in span(e_1..e_t), f_k(x_t) >= min of f_t = (L/8)(-1 + 1/(t+1)),
 * so f_k(x_t) - f_k* >= (L/8)(1/(t+1) - 1/(k+1)); at k = 2t+1 this is
 * L/(16(t+1)) >= 3 L R^2/(32 (t+1)^2) (R^2 = ||x*||^2 <= (k+1)/3), the
 * catalog's form. */
static double nesterov_lower_convex_bound(const ds_th_ctx *c, long t, double f_t)
{
    (void)f_t;
    double k = (double)c->run->dim;
    if (t < 1 || (double)t >= k)
        return NAN;
    return nesterov_L(c) / 8 * (1.0 / (double)(t + 1) - 1.0 / (k + 1));
}

static const ds_theorem th_nesterov_lower_convex = {
    .id = "nesterov-lower-convex",
    .statement = "any span method on f_k: f(x_t)-f* >= (L/8)(1/(t+1) - 1/(k+1)) "
                 "(= L/(16(t+1)) >= 3 L R^2/(32(t+1)^2) at k = 2t+1)",
    .method = "any method with x_t in x0 + span of past gradients",
    .source = "Nesterov 2004, Thm 2.1.7",
    .requires = DS_CONVEX | DS_SMOOTH,
    .quantity = DS_Q_GAP,
    .kind = DS_TH_LOWER,
    .instance = "nesterov_worst",
    .fits = nesterov_convex_fits,
    .methods = "gd|agd|ogm|ogm_g|heavy_ball|triple_momentum|itm|sgd",
    .applies = span_method,
    .bound = nesterov_lower_convex_bound,
    .order = 1,
};

/* Any method whose iterates stay in x0 + span of past (sub)gradients on a
 * nonsmooth problem: the span methods, the subgradient method (either
 * scale) and Polyak's step. */
static int span_method_nonsmooth(const ds_th_ctx *c, char *why, size_t n)
{
    if (opt_is(c, "subgradient") || opt_is(c, "polyak"))
        return 1;
    return span_method(c, why, n);
}

static int nonsmooth_lower_fits(const ds_th_ctx *c, char *why, size_t n)
{
    if (c->run->f0 != 0.0)
        return no(why, n, "not applicable: the run does not start at x0 = 0 (f(x0)=%g)", c->run->f0);
    return 1;
}

/* x_t is supported on the first t coordinates: for t < k some x_i = 0,
 * max_i x_i >= 0 and f(x_t) >= 0 = f(x0), f* = -M R/(2(1+sqrt(k))). */
static double nonsmooth_lower_bound(const ds_th_ctx *c, long t, double f_t)
{
    (void)f_t;
    double k = (double)c->run->dim;
    if (t < 1 || (double)t >= k)
        return NAN;
    return c->M * c->R / (2 * (1 + sqrt(k)));
}

static const ds_theorem th_nesterov_lower_nonsmooth = {
    .id = "nesterov-lower-nonsmooth",
    .statement = "any span method on convex M-Lipschitz f in dimension k: f(x_t)-f* >= M R/(2(1+sqrt(k))) "
                 "for t < k (= M R/(2(1+sqrt(N+1))) at k = N+1)",
    .method = "any method with x_t in x0 + span of past subgradients (resisting oracle)",
    .source = "Nesterov 2004, Thm 3.2.1",
    .requires = DS_CONVEX | DS_LIPSCHITZ,
    .quantity = DS_Q_GAP,
    .kind = DS_TH_LOWER,
    .instance = "nesterov_nonsmooth",
    .fits = nonsmooth_lower_fits,
    .methods = "gd|agd|ogm|ogm_g|heavy_ball|triple_momentum|itm|sgd|subgradient|polyak",
    .applies = span_method_nonsmooth,
    .bound = nonsmooth_lower_bound,
};

/* ---- strongly convex and quadratics -------------------------------------- */

static double gd_rho(const ds_th_ctx *c)
{
    return fmax(fabs(1 - c->lr * c->L), fabs(1 - c->lr * c->mu));
}

static int gd_sc_applies(const ds_th_ctx *c, char *why, size_t n)
{
    return plain_gd(c, why, n) && lr_below(c, 2 / c->L, "2/L", why, n);
}

static double gd_sc_dist_bound(const ds_th_ctx *c, long t, double f_t)
{
    (void)f_t;
    return ds_pow(gd_rho(c), 2.0 * (double)t) * c->R * c->R;
}

static double gd_sc_rate(const ds_th_ctx *c)
{
    double r = gd_rho(c);
    return r * r;
}

static const ds_theorem th_gd_sc_dist = {
    .id = "gd-sc-dist",
    .statement = "||x_N-x*||^2 <= max{(1-lr L)^2, (1-lr mu)^2}^N R^2",
    .method = "gd, constant lr in (0, 2/L)",
    .source = "PEPit gradient_descent_contraction.py (tight on L x^2/2 or mu x^2/2)",
    .requires = DS_STRONGLY_CONVEX | DS_SMOOTH,
    .quantity = DS_Q_DIST2,
    .kind = DS_TH_TIGHT,
    .methods = "gd",
    .applies = gd_sc_applies,
    .bound = gd_sc_dist_bound,
    .tight_rate = gd_sc_rate,
    .is_tight = on_1d_quadratic,
};

static double gd_sc_f_bound(const ds_th_ctx *c, long t, double f_t)
{
    (void)f_t;
    return ds_pow(gd_rho(c), 2.0 * (double)t) * c->D;
}

static const ds_theorem th_gd_sc_f = {
    .id = "gd-sc-f",
    .statement = "f(x_N)-f* <= max{(1-lr L)^2, (1-lr mu)^2}^N D",
    .method = "gd, constant lr in (0, 2/L)",
    .source = "Taylor, Hendrickx & Glineur 2018",
    .requires = DS_STRONGLY_CONVEX | DS_SMOOTH,
    .quantity = DS_Q_GAP,
    .kind = DS_TH_TIGHT,
    .methods = "gd",
    .applies = gd_sc_applies,
    .bound = gd_sc_f_bound,
    .tight_rate = gd_sc_rate,
    .is_tight = on_1d_quadratic,
};

static int gd_sc_textbook_applies(const ds_th_ctx *c, char *why, size_t n)
{
    return plain_gd(c, why, n) && lr_at_most(c, 1 / c->L, "1/L", why, n);
}

static double gd_sc_textbook_bound(const ds_th_ctx *c, long t, double f_t)
{
    (void)f_t;
    return ds_pow(1 - c->lr * c->mu, (double)t) * c->D;
}

static const ds_theorem th_gd_sc_f_textbook = {
    .id = "gd-sc-f-textbook",
    .statement = "f(x_N)-f* <= (1-lr mu)^N D = (1-mu/L)^N D at lr = 1/L (valid, loose: the square is missing)",
    .method = "gd, constant lr in (0, 1/L]",
    .source = "Polyak 1963 (PL inequality); Nesterov 2004, Thm 2.1.15 proof",
    .requires = DS_STRONGLY_CONVEX | DS_SMOOTH,
    .quantity = DS_Q_GAP,
    .kind = DS_TH_UPPER,
    .methods = "gd",
    .applies = gd_sc_textbook_applies,
    .bound = gd_sc_textbook_bound,
    .tight_rate = gd_sc_rate,
};

static int gd_sc_nesterov_applies(const ds_th_ctx *c, char *why, size_t n)
{
    return plain_gd(c, why, n) &&
           lr_equals(c, 2 / (c->L + c->mu), "2/(L+mu)", why, n);
}

static double kappa_rate2(const ds_th_ctx *c)
{
    double r = (c->kappa - 1) / (c->kappa + 1);
    return r * r;
}

static double gd_sc_nesterov_bound(const ds_th_ctx *c, long t, double f_t)
{
    (void)f_t;
    return c->L / 2 * ds_pow(kappa_rate2(c), (double)t) * c->R * c->R;
}

static const ds_theorem th_gd_sc_nesterov = {
    .id = "gd-sc-nesterov",
    .statement = "f(x_N)-f* <= (L/2)((kappa-1)/(kappa+1))^(2N) R^2",
    .method = "gd, lr = 2/(mu+L)",
    .source = "Nesterov 2004, Thm 2.1.15",
    .requires = DS_STRONGLY_CONVEX | DS_SMOOTH,
    .quantity = DS_Q_GAP,
    .kind = DS_TH_UPPER,
    .methods = "gd",
    .applies = gd_sc_nesterov_applies,
    .bound = gd_sc_nesterov_bound,
    .tight_rate = kappa_rate2,
};

static int gd_quadratic_applies(const ds_th_ctx *c, char *why, size_t n)
{
    return plain_gd(c, why, n) && lr_at_most(c, 2 / c->L, "2/L", why, n);
}

/* max over lambda in [mu, L] of (lambda/2)(1 - lr lambda)^(2t) R^2: the
 * interior maximum at lambda = 1/(lr (2t+1)), clipped, or the end L. */
static double gd_quadratic_bound(const ds_th_ctx *c, long t, double f_t)
{
    (void)f_t;
    double L = c->L, g = c->lr, tt = 2.0 * (double)t;
    double a = fmin(1.0, fmax(c->mu / L, 1.0 / (L * g * (tt + 1))));
    double v = fmax(a * ds_pow(1 - a * L * g, tt), ds_pow(1 - L * g, tt));
    return L / 2 * v * c->R * c->R;
}

/* A quadratic diag(L, mu) (rotate=0) started on one eigenvector whose
 * eigenvalue is the maximizer at the horizon, or any 1-D quadratic. */
static int gd_quadratic_instance(const ds_th_ctx *c)
{
    double d[3];
    if (on_1d_quadratic(c))
        return 1;
    if (!problem_is(c, "quadratic") || c->p->dim != 2 || ppar(c, "rotate") != 0 ||
        start_offset(c, d, 3) != 2 || (d[0] != 0) == (d[1] != 0))
        return 0;
    double lam = d[0] != 0 ? c->L : c->mu, R2 = c->R * c->R;
    double at_lam = lam / 2 * ds_pow(1 - c->lr * lam, 2.0 * (double)c->N) * R2;
    return rel_eq(at_lam, gd_quadratic_bound(c, c->N, NAN));
}

static double gd_quadratic_rate(const ds_th_ctx *c)
{
    return c->mu > 0 ? gd_sc_rate(c) : NAN;
}

static const ds_theorem th_gd_quadratic_tight = {
    .id = "gd-quadratic-tight",
    .statement = "f(x_N)-f* <= (L/2) max{a(1-a L lr)^(2N), (1-L lr)^(2N)} R^2, "
                 "a = clip(1/(L lr (2N+1)), mu/L, 1)",
    .method = "gd, constant lr in (0, 2/L], on a quadratic",
    .source = "Bousselmi, Hendrickx & Glineur 2023; PEPit",
    .requires = DS_QUADRATIC | DS_CONVEX,
    .quantity = DS_Q_GAP,
    .kind = DS_TH_TIGHT,
    .methods = "gd",
    .applies = gd_quadratic_applies,
    .bound = gd_quadratic_bound,
    .tight_rate = gd_quadratic_rate,
    .is_tight = gd_quadratic_instance,
};

static int gd_exact_ls_applies(const ds_th_ctx *c, char *why, size_t n)
{
    if (!opt_is(c, "gd") || strcmp(par_text(c, "ls"), "exact") != 0)
        return no(why, n, "not applicable: the theorem is about gd ls=exact, not %s", c->opt);
    return 1;
}

static double gd_exact_ls_bound(const ds_th_ctx *c, long t, double f_t)
{
    (void)f_t;
    return ds_pow(kappa_rate2(c), (double)t) * c->D;
}

/* (mu x_1^2 + L x_2^2)/2 from x0 proportional to (1/mu, 1/L); the
 * quadratic family orders its diagonal (L, mu). */
static int gd_exact_ls_instance(const ds_th_ctx *c)
{
    double d[3];
    if (!problem_is(c, "quadratic") || c->p->dim != 2 || ppar(c, "rotate") != 0 ||
        start_offset(c, d, 3) != 2)
        return 0;
    return d[0] != 0 && rel_eq(d[0] * c->L, d[1] * c->mu);
}

static const ds_theorem th_gd_exact_ls = {
    .id = "gd-exact-ls",
    .statement = "f(x_N)-f* <= ((kappa-1)/(kappa+1))^(2N) D",
    .method = "gd ls=exact (exact line search)",
    .source = "de Klerk, Glineur & Taylor 2017, Thm 1.2",
    .requires = DS_STRONGLY_CONVEX | DS_SMOOTH,
    .quantity = DS_Q_GAP,
    .kind = DS_TH_TIGHT,
    .methods = "gd",
    .applies = gd_exact_ls_applies,
    .bound = gd_exact_ls_bound,
    .tight_rate = kappa_rate2,
    .is_tight = gd_exact_ls_instance,
};

static int agd_sc_applies(const ds_th_ctx *c, char *why, size_t n)
{
    return agd_variant(c, "sc", why, n);
}

static double agd_sc_bound(const ds_th_ctx *c, long t, double f_t)
{
    (void)f_t;
    return ds_pow(1 - 1 / sqrt(c->kappa), (double)t) * (c->D + c->mu * c->R * c->R / 2);
}

static const ds_theorem th_agd_sc = {
    .id = "agd-sc",
    .statement = "f(x_N)-f* <= (1-1/sqrt(kappa))^N (D + mu R^2/2)",
    .method = "agd variant=sc: lr = 1/L, momentum (sqrt(kappa)-1)/(sqrt(kappa)+1)",
    .source = "d'Aspremont, Scieur & Taylor 2021, Cor 4.15",
    .requires = DS_STRONGLY_CONVEX | DS_SMOOTH,
    .quantity = DS_Q_GAP,
    .kind = DS_TH_UPPER,
    .methods = "agd",
    .applies = agd_sc_applies,
    .bound = agd_sc_bound,
};

/* x_t lies in span(e_1..e_t): ||x_t - x*||^2 >= sum_{i>t} x*_i^2, which is
 * q^(2t) R^2 for the infinite-dimensional x*_i = q^i and its exact
 * counterpart on the truncated instance. */
static double nesterov_lower_sc_bound(const ds_th_ctx *c, long t, double f_t)
{
    (void)f_t;
    if (t < 1 || (size_t)t >= c->p->dim)
        return NAN;
    double s = 0;
    for (size_t i = (size_t)t; i < c->p->dim; i++)
        s += c->p->x_star[i] * c->p->x_star[i];
    return s;
}

static double q2_rate(const ds_th_ctx *c)
{
    double q = q_of(c);
    return q * q;
}

static const ds_theorem th_nesterov_lower_sc = {
    .id = "nesterov-lower-sc",
    .statement = "any span method: ||x_t-x*||^2 >= q^(2t) R^2 (on the truncated instance: "
                 "sum_{i>t} x*_i^2)",
    .method = "any method with x_t in x0 + span of past gradients",
    .source = "Nesterov 2004, Thm 2.1.13",
    .requires = DS_STRONGLY_CONVEX | DS_SMOOTH,
    .quantity = DS_Q_DIST2,
    .kind = DS_TH_LOWER,
    .instance = "nesterov_worst",
    .fits = nesterov_sc_fits,
    .methods = "gd|agd|ogm|ogm_g|heavy_ball|triple_momentum|itm|sgd",
    .applies = span_method,
    .bound = nesterov_lower_sc_bound,
    .tight_rate = q2_rate,
};

static int hb_quadratic_applies(const ds_th_ctx *c, char *why, size_t n)
{
    double a = NAN, b = NAN;
    if (!heavy_ball(c, &a, &b, why, n))
        return 0;
    double sa = sqrt(c->L) + sqrt(c->mu), q = q_of(c);
    if (!rel_eq(a, 4 / (sa * sa)))
        return no(why, n, "not applicable: step %g is not 4/(sqrt(L)+sqrt(mu))^2=%g", a, 4 / (sa * sa));
    if (!rel_eq(b, q * q))
        return no(why, n, "not applicable: momentum=%g is not q^2=%g", b, q * q);
    return 1;
}

/* Polyak's tuning makes every eigenmode's recursion have a double root of
 * modulus q at the extreme eigenvalues: x_k = (-q)^k (1 + k(1+q)) R on the
 * top eigenvector with x_{-1} = x0. */
static double hb_quadratic_bound(const ds_th_ctx *c, long t, double f_t)
{
    (void)f_t;
    double q = q_of(c), k = (double)t, a = (1 + k * (1 + q)) * ds_pow(q, k);
    return a * a * c->R * c->R;
}

static int hb_quadratic_instance(const ds_th_ctx *c)
{
    double d[3];
    int m;
    if (!problem_is(c, "quadratic") || ppar(c, "rotate") != 0 || (m = start_offset(c, d, 3)) < 2)
        return 0;
    for (int i = 1; i < m; i++)
        if (d[i] != 0)
            return 0;
    return d[0] != 0;
}

static const ds_theorem th_heavy_ball_quadratic = {
    .id = "heavy-ball-quadratic",
    .statement = "||x_N-x*|| <= (1 + N(1+q)) q^N R; asymptotic rate q",
    .method = "heavy ball (heavy_ball, or sgd momentum full batch): lr = 4/(sqrt(L)+sqrt(mu))^2, "
              "momentum = q^2, x_{-1} = x0",
    .source = "Polyak 1964; worst case on the top eigenvector (derived; checked here)",
    .requires = DS_QUADRATIC | DS_STRONGLY_CONVEX,
    .quantity = DS_Q_DIST2,
    .kind = DS_TH_TIGHT,
    .methods = "heavy_ball|sgd",
    .applies = hb_quadratic_applies,
    .bound = hb_quadratic_bound,
    .tight_rate = q2_rate,
    .is_tight = hb_quadratic_instance,
};

static int hb_ghadimi_applies(const ds_th_ctx *c, char *why, size_t n)
{
    double a = NAN, b = NAN;
    if (!heavy_ball(c, &a, &b, why, n))
        return 0;
    if (!(a <= (1 + 1e-12) / c->L))
        return no(why, n, "not applicable: step %g > 1/L=%g", a, 1 / c->L);
    double want = sqrt((1 - a * c->mu) * (1 - a * c->L));
    if (!rel_eq(b, want) && !(want == 0 && b == 0))
        return no(why, n, "not applicable: momentum=%g is not sqrt((1-lr mu)(1-lr L))=%g", b, want);
    return 1;
}

static double hb_ghadimi_bound(const ds_th_ctx *c, long t, double f_t)
{
    (void)f_t;
    return ds_pow(1 - hb_alpha(c) * c->mu, (double)t) * c->D;
}

static const ds_theorem th_heavy_ball_ghadimi = {
    .id = "heavy-ball-ghadimi",
    .statement = "f(x_N)-f* <= (1-a mu)^N D, step a in (0, 1/L], momentum sqrt((1-a mu)(1-a L))",
    .method = "heavy ball x+ = x - a g + beta (x - x_prev) (heavy_ball form=polyak: a = lr; "
              "form=ema: a = lr (1-beta)), a in (0, 1/L], beta = sqrt((1-a mu)(1-a L))",
    .source = "Ghadimi, Feyzmahdavian & Johansson 2015, Thm 4",
    .requires = DS_STRONGLY_CONVEX | DS_SMOOTH,
    .quantity = DS_Q_GAP,
    .kind = DS_TH_UPPER,
    .methods = "heavy_ball|sgd",
    .applies = hb_ghadimi_applies,
    .bound = hb_ghadimi_bound,
};

static int hb_cycle_applies(const ds_th_ctx *c, char *why, size_t n)
{
    double a = NAN, b = NAN;
    if (!heavy_ball(c, &a, &b, why, n))
        return 0;
    if (!rel_eq(a, 1.0 / 9) || !rel_eq(b, 4.0 / 9))
        return no(why, n, "not applicable: needs step 1/9, momentum=4/9 (got %g, %g)", a, b);
    return 1;
}

/* The last three iterates form the cycle {0.6465, -1.8024, 2.1159} (to the
 * printed digits) and repeat with period 3. */
static int hb_cycle_reproduces(const ds_th_ctx *c, char *why, size_t n)
{
    static const double cyc[3] = {0.6465, -1.8024, 2.1159};
    const ds_th_run *r = c->run;
    if (r->xdim != 1 || r->n < 7)
        return no(why, n, "the trace does not keep x (dim 1, every iteration)");
    size_t k = r->n - 1;
    if (r->iter[k] - r->iter[k - 3] != 3)
        return no(why, n, "record every iteration (--log-every 1) to see the cycle");
    int seen = 0;
    for (size_t j = k - 2; j <= k; j++) {
        for (int i = 0; i < 3; i++)
            if (fabs(r->x[j] - cyc[i]) <= 5e-4)
                seen |= 1 << i;
        if (fabs(r->x[j] - r->x[j - 3]) > 1e-9)
            return no(why, n, "no period-3 orbit: x_%ld=%.6g, x_%ld=%.6g", r->iter[j], r->x[j],
                      r->iter[j - 3], r->x[j - 3]);
    }
    if (seen != 7)
        return no(why, n, "a period-3 orbit, but not the published one: %.4f %.4f %.4f", r->x[k - 2],
                  r->x[k - 1], r->x[k]);
    snprintf(why, n, "3-cycle %.4f %.4f %.4f", r->x[k - 2], r->x[k - 1], r->x[k]);
    return 1;
}

static const ds_theorem th_heavy_ball_cycle = {
    .id = "heavy-ball-cycle",
    .statement = "heavy ball is not globally convergent on strongly convex f: a 3-cycle "
                 "near {0.6465, -1.8024, 2.1159} from x0 = x_{-1} = 3.3",
    .method = "heavy ball, lr = 1/9, momentum = 4/9, on hb_cycle (L=25, mu=1)",
    .source = "Lessard, Recht & Packard 2016, Sec 4.6",
    .quantity = DS_Q_NONE,
    .kind = DS_TH_COUNTER,
    .instance = "hb_cycle",
    .methods = "heavy_ball|sgd",
    .applies = hb_cycle_applies,
    .reproduces = hb_cycle_reproduces,
};

static int tm_applies(const ds_th_ctx *c, char *why, size_t n)
{
    if (!opt_is(c, "triple_momentum"))
        return no(why, n, "not applicable: the theorem is about triple_momentum, not %s", c->opt);
    return 1;
}

static double tm_rho(const ds_th_ctx *c)
{
    return 1 - 1 / sqrt(c->kappa);
}

static double tm_bound(const ds_th_ctx *c, long t, double f_t)
{
    (void)f_t;
    return ds_pow(tm_rho(c), 2.0 * (double)t) * c->L * c->kappa / 2 * c->R * c->R;
}

static double tm_rate(const ds_th_ctx *c)
{
    double r = tm_rho(c);
    return r * r;
}

static const ds_theorem th_triple_momentum = {
    .id = "triple-momentum",
    .statement = "f(x_N)-f* <= rho^(2N) (L kappa/2) R^2, rho = 1-1/sqrt(kappa)",
    .method = "triple_momentum",
    .source = "Van Scoy, Freeman & Lynch 2018; PEPit triple_momentum.py (the code's rho^(2N))",
    .requires = DS_STRONGLY_CONVEX | DS_SMOOTH,
    .quantity = DS_Q_GAP,
    .kind = DS_TH_UPPER,
    .methods = "triple_momentum",
    .applies = tm_applies,
    .bound = tm_bound,
    .tight_rate = tm_rate,
};

static int item_applies(const ds_th_ctx *c, char *why, size_t n)
{
    if (!opt_is(c, "itm"))
        return no(why, n, "not applicable: the theorem is about itm, not %s", c->opt);
    return 1;
}

static double item_bound(const ds_th_ctx *c, long t, double f_t)
{
    (void)f_t;
    double q = c->mu / c->L;
    return c->R * c->R / (1 + q * ds_item_A(t, q));
}

static double item_rate(const ds_th_ctx *c)
{
    double s = 1 - sqrt(c->mu / c->L);
    return s * s;
}

/* diag(L, mu) (rotate=0): both eigenvectors meet the bound. */
static int item_instance(const ds_th_ctx *c)
{
    return problem_is(c, "quadratic") && c->p->dim <= 2 && ppar(c, "rotate") == 0;
}

static const ds_theorem th_item = {
    .id = "item",
    .statement = "||z_N-x*||^2 <= R^2/(1 + q' A_N), q' = mu/L, "
                 "A_{t+1} = [(1+q')A_t + 2(1+sqrt((1+A_t)(1+q'A_t)))]/(1-q')^2",
    .method = "itm (information-theoretic exact method)",
    .source = "Taylor & Drori 2022, Thm 3; PEPit information_theoretic_exact_method.py",
    .requires = DS_STRONGLY_CONVEX | DS_SMOOTH,
    .quantity = DS_Q_DIST2,
    .kind = DS_TH_TIGHT,
    .methods = "itm",
    .applies = item_applies,
    .bound = item_bound,
    .tight_rate = item_rate,
    .is_tight = item_instance,
};

static int cg_applies(const ds_th_ctx *c, char *why, size_t n)
{
    if (!opt_is(c, "cg"))
        return no(why, n, "not applicable: the theorem is about cg, not %s", c->opt);
    if (!rel_eq(par(c, "lr"), 1.0))
        return no(why, n, "not applicable: lr=%s is not 1 (CG's exact step)", par_text(c, "lr"));
    return 1;
}

/* ||e||_A^2 = 2 (f - f*): the A-norm bound 2 q^t squared. */
static double cg_bound(const ds_th_ctx *c, long t, double f_t)
{
    (void)f_t;
    double q = q_of(c);
    return 4 * ds_pow(q, 2.0 * (double)t) * c->D;
}

static const ds_theorem th_cg_quadratic = {
    .id = "cg-quadratic",
    .statement = "f(x_N)-f* <= 4 q^(2N) D, i.e. ||x_N-x*||_A <= 2 q^N ||x_0-x*||_A, "
                 "q = (sqrt(kappa)-1)/(sqrt(kappa)+1)",
    .method = "cg (linear conjugate gradients, exact step), lr = 1",
    .source = "Hestenes & Stiefel 1952; the Chebyshev bound as in Nocedal & Wright 2006, (5.36); "
              "Trefethen & Bau 1997, Thm 38.5",
    .requires = DS_QUADRATIC | DS_STRONGLY_CONVEX,
    .quantity = DS_Q_GAP,
    .kind = DS_TH_UPPER,
    .methods = "cg",
    .applies = cg_applies,
    .bound = cg_bound,
    .tight_rate = q2_rate,
};

/* ---- Newton ------------------------------------------------------------------ */

static int newton_applies(const ds_th_ctx *c, char *why, size_t n)
{
    if (!opt_is(c, "newton"))
        return no(why, n, "not applicable: the theorem is about newton, not %s", c->opt);
    if (!rel_eq(par(c, "lr"), 1.0))
        return no(why, n, "not applicable: lr=%s is not 1 (the full Newton step)", par_text(c, "lr"));
    return 1;
}

static int newton_fits(const ds_th_ctx *c, char *why, size_t n)
{
    if (!(ppar(c, "M") >= 0) || !c->p->x_star)
        return no(why, n, "not applicable: the Hessian's Lipschitz constant M is not known");
    return 1;
}

/* x+ - x* = H(x)^-1 int_0^1 (H(x) - H(x* + s(x - x*)))(x - x*) ds, with
 * ||H(x)^-1|| <= 1/mu and ||H(x) - H(x* + s(x - x*))|| <= M (1-s) ||x - x*||:
 * ||x+ - x*|| <= (M/(2 mu)) ||x - x*||^2, here squared against the record of
 * the step before. */
static double newton_bound(const ds_th_ctx *c, long t, double f_t)
{
    (void)f_t;
    long k = t > 0 ? record_of(c->run, t - 1) : -1;
    if (k < 0)
        return NAN;
    double r = c->run->dist[k], a = ppar(c, "M") / (2 * c->mu) * r * r;
    return a * a;
}

static const ds_theorem th_newton_quadratic = {
    .id = "newton-quadratic",
    .statement = "||x_{t+1}-x*|| <= (M/(2 mu)) ||x_t-x*||^2, f mu-strongly convex with an "
                 "M-Lipschitz Hessian (quadratic convergence once ||x_t-x*|| < 2 mu/M)",
    .method = "newton, lr = 1 (the full step; a damped step is another method)",
    .source = "Nesterov 2004, Thm 1.2.5 (there 1/(l - M r_t) for ||H^-1||; 1/mu under global strong "
              "convexity); Boyd & Vandenberghe 2004, Sec 9.5.3",
    .requires = DS_STRONGLY_CONVEX,
    .quantity = DS_Q_DIST2,
    .kind = DS_TH_UPPER,
    .instance = "cubic_sc",
    .fits = newton_fits,
    .methods = "newton",
    .applies = newton_applies,
    .bound = newton_bound,
};

/* ---- Polyak-Lojasiewicz ----------------------------------------------------- */

static int pl_fits(const ds_th_ctx *c, char *why, size_t n)
{
    if (!(c->mu_pl > 0))
        return no(why, n, "not applicable: the PL constant is known only for quadratics of at most 200 "
                          "variables (the smallest non-zero Hessian eigenvalue)");
    return 1;
}

static int gd_pl_applies(const ds_th_ctx *c, char *why, size_t n)
{
    return plain_gd(c, why, n) && lr_at_most(c, 1 / c->L, "1/L", why, n);
}

/* The descent lemma, f(x+) <= f - lr (1 - L lr/2) ||g||^2, and PL,
 * ||g||^2 >= 2 mu_PL (f - f*): f - f* shrinks by 1 - mu_PL lr (2 - L lr)
 * per step, 1 - mu_PL/L at lr = 1/L. */
static double gd_pl_bound(const ds_th_ctx *c, long t, double f_t)
{
    (void)f_t;
    return ds_pow(1 - c->mu_pl * c->lr * (2 - c->L * c->lr), (double)t) * c->D;
}

static double gd_pl_rate(const ds_th_ctx *c)
{
    return 1 - c->mu_pl * c->lr * (2 - c->L * c->lr);
}

static const ds_theorem th_gd_pl = {
    .id = "gd-pl",
    .statement = "f(x_N)-f* <= (1 - mu_PL lr (2 - L lr))^N D = (1-mu_PL/L)^N D at lr = 1/L, "
                 "mu_PL the PL constant (||grad f||^2 >= 2 mu_PL (f-f*)); tight on lambda x^2/2",
    .method = "gd, constant lr <= 1/L",
    .source = "Karimi, Nutini & Schmidt 2016, Thm 1 (Polyak 1963); mu_PL of a quadratic: its smallest "
              "non-zero Hessian eigenvalue (rank-deficient least squares)",
    .requires = DS_CONVEX | DS_SMOOTH | DS_QUADRATIC,
    .quantity = DS_Q_GAP,
    .kind = DS_TH_TIGHT,
    .fits = pl_fits,
    .methods = "gd",
    .applies = gd_pl_applies,
    .bound = gd_pl_bound,
    .tight_rate = gd_pl_rate,
    /* lambda x^2/2: mu_PL = L = lambda and 1 - lambda lr (2 - lambda lr) =
     * (1 - lambda lr)^2, GD's own factor on f */
    .is_tight = on_1d_quadratic,
};

static double gd_grad_norm_bound(const ds_th_ctx *c, long t, double f_t)
{
    (void)f_t;
    double a = c->L * c->R / ((double)t * c->lr * c->L + 1);
    return a * a;
}

/* huber_worst:threshold=gdgrad for this horizon and step. */
static int gd_grad_norm_instance(const ds_th_ctx *c)
{
    if (!problem_is(c, "huber_worst") || ds_enum(&c->p->params, "threshold") != 3)
        return 0;
    return (long)ppar(c, "N") == c->N && rel_eq(c->lr * c->L, ppar(c, "h"));
}

static const ds_theorem th_gd_grad_norm = {
    .id = "gd-grad-norm",
    .statement = "||grad f(x_N)||^2 <= (L R/(Nh+1))^2, step h/L, 0 < h <= 1 (numerical, not proven here)",
    .method = "gd, constant lr = h/L <= 1/L",
    .source = "performance estimation (Taylor, Hendrickx & Glineur 2017): descent pep --measure grad2 "
              "gives it to 1e-11 for N = 1..8 at h = 1, N = 1..6 at h = 1/2; attained on the Huber "
              "function with threshold R/(Nh+1)",
    .requires = DS_CONVEX | DS_SMOOTH,
    .quantity = DS_Q_GRAD2,
    .kind = DS_TH_TIGHT,
    .conjecture = 1,
    .methods = "gd",
    .applies = gd_convex_tight_applies,
    .bound = gd_grad_norm_bound,
    .order = 2,
    .is_tight = gd_grad_norm_instance,
};

/* ---- nonconvex, nonsmooth, stochastic, adaptive --------------------------- */

static int gd_nonconvex_applies(const ds_th_ctx *c, char *why, size_t n)
{
    return plain_gd(c, why, n) && lr_at_most(c, 1 / c->L, "1/L", why, n);
}

/* Each step lowers f by at least lr(2 - lr L)/2 ||g||^2 and
 * f(x_t) - f* >= ||g_t||^2/(2L), so over x_0..x_t:
 * min ||g||^2 <= D / (c (t+1)), c = lr(2 - lr L)/2 <= 1/(2L); at lr = 1/L
 * the catalog's 2 L D/(t+1). */
static double gd_nonconvex_bound(const ds_th_ctx *c, long t, double f_t)
{
    (void)f_t;
    double g = c->lr, k = g * (2 - g * c->L) / 2;
    return k > 0 ? c->D / (k * (double)(t + 1)) : NAN;  /* lr >= 2/L promises nothing */
}

static const ds_theorem th_gd_nonconvex_grad = {
    .id = "gd-nonconvex-grad",
    .statement = "min_{k<=N} ||grad f(x_k)||^2 <= 2 L (f(x0)-f*)/(N+1) at lr = 1/L "
                 "(2D/(lr(2-lr L)(N+1)) for lr <= 1/L)",
    .method = "gd, constant lr <= 1/L",
    .source = "Nesterov 2004, Sec 1.2.3 (1.2.13)",
    .requires = DS_SMOOTH,
    .quantity = DS_Q_GRAD2_MIN,
    .kind = DS_TH_UPPER,
    .methods = "gd",
    .applies = gd_nonconvex_applies,
    .bound = gd_nonconvex_bound,
    .order = 1,
};

static int gd_grad_exact_applies(const ds_th_ctx *c, char *why, size_t n)
{
    return plain_gd(c, why, n) && lr_below(c, 2 / c->L, "2/L", why, n);
}

/* D_N of Rotaru, Glineur & Patrinos for mu = 0: min{2Nh, (1-h)^(-2N) - 1}. */
static double gd_grad_exact_DN(double h, long t)
{
    return fmin(2 * (double)t * h, ds_pow(1 - h, -2.0 * (double)t) - 1);
}

/* Rotaru, Glineur & Patrinos's exact rate for constant steps h/L on
 * L-smooth convex f (their mu = 0): min_i ||g_i||^2/(2L) <= D/(1 + D_N),
 * D_N = min{h P_N, (1-h)^(-2N) - 1}. With mu = 0 their p is 2 and
 * P_N = 2N past N-bar, the last N with T_N = 2N - ((1-h)^(-2N) - 1)/h >= 0
 * (T is concave in N, T_0 = 0); up to N-bar, h P_N = (1-h)^(-2N) - 1 <= 2Nh.
 * Either way D_N = min{2Nh, (1-h)^(-2N) - 1}, for every h in (0, 2). For
 * h < 3/2, N-bar = 0 and the bound is 2 L D/(1 + 2Nh); up to N-bar it is
 * 2 L D (1-h)^(2N), which L x^2/2 attains. */
static double gd_grad_exact_bound(const ds_th_ctx *c, long t, double f_t)
{
    (void)f_t;
    return 2 * c->L * c->D / (1 + gd_grad_exact_DN(c->lr * c->L, t));
}

/* On L x^2/2 the gradient falls as |1-h|^t: the bound is met at N when
 * N <= N-bar, where D_N = (1-h)^(-2N) - 1. For h <= 1 the Huber function
 * with threshold tau = R/(Nh+1) meets it too: GD stays on the linear part,
 * ||g||^2 = (L tau)^2 = 2 L D/(1 + 2Nh) with D = L tau R - L tau^2/2. */
static int gd_grad_exact_instance(const ds_th_ctx *c)
{
    double h = c->lr * c->L;
    if (h <= 1 && gd_grad_norm_instance(c))
        return 1;
    return on_1d_quadratic(c) && ds_pow(1 - h, -2.0 * (double)c->N) - 1 <= 2 * (double)c->N * h;
}

static const ds_theorem th_gd_grad_exact = {
    .id = "gd-grad-exact",
    .statement = "min_{k<=N} ||grad f(x_k)||^2 <= 2 L D/(1 + min{2Nh, (1-h)^(-2N) - 1}), step h/L, "
                 "0 < h < 2 (exact): 2 L D/(1 + 2Nh) for h < 3/2",
    .method = "gd, constant lr = h/L, h < 2",
    .source = "Rotaru, Glineur & Patrinos 2024, Thms 2.1-2.3 with mu = 0 (tight); their "
              "Compute_rates/get_wc_rate.m, get_PN.m, get_Nbar.m, get_Ti.m",
    .requires = DS_CONVEX | DS_SMOOTH,
    .quantity = DS_Q_GRAD2_MIN,
    .kind = DS_TH_TIGHT,
    .methods = "gd",
    .applies = gd_grad_exact_applies,
    .bound = gd_grad_exact_bound,
    .order = 1,
    .is_tight = gd_grad_exact_instance,
};

static int gd_nonconvex_tight_applies(const ds_th_ctx *c, char *why, size_t n)
{
    return plain_gd(c, why, n) && lr_equals(c, 1 / c->L, "1/L", why, n);
}

static double gd_nonconvex_tight_bound(const ds_th_ctx *c, long t, double f_t)
{
    if (t < 1)
        return NAN;
    return 4 * c->L / (3 * (double)t) * (c->run->f0 - f_t);
}

static const ds_theorem th_gd_nonconvex_grad_tight = {
    .id = "gd-nonconvex-grad-tight",
    .statement = "min_{k<=N} ||grad f(x_k)||^2 <= (4L/(3N)) (f(x0)-f(x_N)) (numerically tight)",
    .method = "gd, lr = 1/L",
    .source = "Abbaszadehpeivasti, de Klerk & Zamani 2021; PEPit gradient_descent_lipschitz (L=1, N=5: 4/15)",
    .requires = DS_SMOOTH,
    .quantity = DS_Q_GRAD2_MIN,
    .kind = DS_TH_UPPER,
    .methods = "gd",
    .applies = gd_nonconvex_tight_applies,
    .bound = gd_nonconvex_tight_bound,
    .order = 1,
};


static int subgradient_applies(const ds_th_ctx *c, char *why, size_t n)
{
    if (!opt_is(c, "subgradient") && !opt_is(c, "gd") && !opt_is(c, "sgd"))
        return no(why, n, "not applicable: the theorem is about the subgradient method, not %s", c->opt);
    if (opt_is(c, "sgd") && !plain_sgd(c, why, n))
        return 0;
    if (opt_is(c, "gd") && !plain_gd(c, why, n))
        return 0;
    return constant_step(c, why, n);
}

/* The length h of a step along a subgradient of norm M: lr for gd and sgd,
 * lr/M' for subgradient (M' its parameter M, else the problem's M); 0 for
 * subgradient's normalized steps (scale=grad), which move lr whatever ||g||. */
static double subgradient_h(const ds_th_ctx *c)
{
    if (!opt_is(c, "subgradient"))
        return c->lr;
    if (strcmp(par_text(c, "scale"), "grad") == 0)
        return 0;
    double m = par(c, "M");
    return c->lr / (m > 0 ? m : c->M);
}

/* ||x_{k+1}-x*||^2 <= ||x_k-x*||^2 - 2 h (f(x_k)-f*) + h^2 M^2 summed over
 * k = 0..t: min_{k<=t} f(x_k)-f* <= (R^2 + (t+1) h^2 M^2)/(2 h (t+1)),
 * which is M R/sqrt(N+1) at t = N and h = R/(M sqrt(N+1)). subgradient
 * steps h = lr/M: the bound is M (R^2 + (t+1) lr^2)/(2 lr (t+1)). With
 * normalized steps x -= lr g/||g|| the same sum gives
 * -2 lr (f(x_k)-f*)/||g_k|| + lr^2 and ||g_k|| <= M: the same bound. */
static double subgradient_bound(const ds_th_ctx *c, long t, double f_t)
{
    (void)f_t;
    double h = subgradient_h(c), k = (double)(t + 1), M = c->M, R2 = c->R * c->R;
    if (h == 0)
        return M * (R2 + k * c->lr * c->lr) / (2 * c->lr * k);
    return (R2 + k * h * h * M * M) / (2 * h * k);
}

static const ds_theorem th_subgradient = {
    .id = "subgradient",
    .statement = "min_{k<=N} f(x_k)-f* <= (R^2 + (N+1) h^2 M^2)/(2 h (N+1)) = M R/sqrt(N+1) "
                 "at h = R/(M sqrt(N+1)); h = lr/M for subgradient, lr for gd and sgd",
    .method = "subgradient method x -= (lr/M) g (or x -= lr g/||g||), or gd/sgd with step lr; constant lr",
    .source = "Shor 1985; Nesterov 2004, Thm 3.2.2 (tight)",
    .requires = DS_CONVEX | DS_LIPSCHITZ,
    .quantity = DS_Q_GAP_MIN,
    .kind = DS_TH_UPPER,
    .methods = "subgradient|gd|sgd",
    .applies = subgradient_applies,
    .bound = subgradient_bound,
    .order = 0.5,
};

static int polyak_applies(const ds_th_ctx *c, char *why, size_t n)
{
    if (!opt_is(c, "polyak"))
        return no(why, n, "not applicable: the theorem is about polyak, not %s", c->opt);
    if (!rel_eq(par(c, "lr"), 1.0))
        return no(why, n, "not applicable: lr=%s is not 1 (Polyak's own step)", par_text(c, "lr"));
    return 1;
}

/* ||x_{k+1}-x*||^2 <= ||x_k-x*||^2 - (f(x_k)-f*)^2/||g_k||^2 and ||g_k|| <= M:
 * sum_{k<=t} (f(x_k)-f*)^2 <= M^2 R^2, so min_{k<=t} f(x_k)-f* <= M R/sqrt(t+1). */
static double polyak_nonsmooth_bound(const ds_th_ctx *c, long t, double f_t)
{
    (void)f_t;
    return c->M * c->R / sqrt((double)(t + 1));
}

/* M ||x||_inf in dimension N+1 from (R/sqrt(N+1)) (1, ..., 1): each
 * Polyak step zeroes one coordinate, f - f* = M R/sqrt(N+1) up to t = N. */
static int abs_worst_instance(const ds_th_ctx *c)
{
    return problem_is(c, "abs_worst") && c->p->dim == (size_t)c->N + 1;
}

static const ds_theorem th_polyak_nonsmooth = {
    .id = "polyak-nonsmooth",
    .statement = "min_{k<=N} f(x_k)-f* <= M R/sqrt(N+1), Polyak's step (f(x)-f*)/||g||^2; "
                 "tight on M ||x||_inf in dimension N+1",
    .method = "polyak (lr = 1)",
    .source = "Polyak 1987, Sec 5.3, Thm 1; Hazan & Kakade 2019, Thm 1 (Lipschitz case)",
    .requires = DS_CONVEX | DS_LIPSCHITZ,
    .quantity = DS_Q_GAP_MIN,
    .kind = DS_TH_TIGHT,
    .methods = "polyak",
    .applies = polyak_applies,
    .bound = polyak_nonsmooth_bound,
    .order = 0.5,
    .is_tight = abs_worst_instance,
};

/* With f-f* >= ||g||^2/(2L) and f-f* >= (mu/2)||x-x*||^2 the decrease
 * (f-f*)^2/||g||^2 >= (f-f*)/(2L) >= (mu/(4L)) ||x-x*||^2. */
static double polyak_sc_bound(const ds_th_ctx *c, long t, double f_t)
{
    (void)f_t;
    return ds_pow(1 - c->mu / (4 * c->L), (double)t) * c->R * c->R;
}

static const ds_theorem th_polyak_sc = {
    .id = "polyak-sc",
    .statement = "||x_N-x*||^2 <= (1 - mu/(4L))^N R^2, Polyak's step, L-smooth mu-strongly convex",
    .method = "polyak (lr = 1)",
    .source = "Hazan & Kakade 2019, Thm 1 (smooth strongly convex case; derived here)",
    .requires = DS_STRONGLY_CONVEX | DS_SMOOTH,
    .quantity = DS_Q_DIST2,
    .kind = DS_TH_UPPER,
    .methods = "polyak",
    .applies = polyak_applies,
    .bound = polyak_sc_bound,
};

/* Additive noise of the problem (not a finite sum): its variance is known. */
static int known_noise(const ds_th_ctx *c, char *why, size_t n)
{
    if (c->p && c->p->n > 0)
        return no(why, n, "not applicable: the variance of mini-batch gradients of a finite sum is not known");
    return 1;
}

static int sgd_convex_avg_applies(const ds_th_ctx *c, char *why, size_t n)
{
    return plain_sgd(c, why, n) && constant_step(c, why, n);
}

/* sum_{j<t} E f(x_j)-f* <= R^2/(2 lr) + lr t B^2/2, B^2 = M^2 + sigma^2, and
 * Jensen: E f(xbar_t)-f* <= R^2/(2 lr t) + lr B^2/2 = R B/sqrt(T) at
 * t = T, lr = R/(B sqrt(T)). */
static double sgd_convex_avg_bound(const ds_th_ctx *c, long t, double f_t)
{
    (void)f_t;
    if (t < 1)
        return NAN;
    double B2 = c->M * c->M + c->sigma2;
    return c->R * c->R / (2 * c->lr * (double)t) + c->lr * B2 / 2;
}

static const ds_theorem th_sgd_convex_avg = {
    .id = "sgd-convex-avg",
    .statement = "E f(xbar_T)-f* <= R^2/(2 lr T) + lr B^2/2 = R B/sqrt(T) at lr = R/(B sqrt(T)), "
                 "E||g||^2 <= B^2",
    .method = "sgd (no momentum), constant lr, averaged iterate",
    .source = "Nemirovski et al. 2009; Bubeck 2015, Thm 6.1",
    .requires = DS_CONVEX | DS_LIPSCHITZ,
    .quantity = DS_Q_GAP_AVG,
    .kind = DS_TH_UPPER,
    .stochastic = 1,
    .fits = known_noise,
    .methods = "sgd",
    .applies = sgd_convex_avg_applies,
    .bound = sgd_convex_avg_bound,
    .order = 0.5,
};

/* Steps lr_t = beta/(g1 + t) (t from 0; Bottou et al.'s alpha_k =
 * beta/(gamma + k) with k = t + 1, g1 = gamma + 1), read off the first two
 * recorded steps. 0 when the run has fewer or they do not decrease. */
static int harmonic_steps(const ds_th_run *r, double *beta, double *g1)
{
    if (!r->lr || r->n < 3 || !(r->lr[0] > r->lr[1]) || !(r->lr[1] > 0))
        return 0;
    *g1 = r->lr[1] / (r->lr[0] - r->lr[1]);
    *beta = r->lr[0] * *g1;
    for (size_t k = 0; k + 1 < r->n; k++)
        if (!rel_eq(r->lr[k], *beta / (*g1 + (double)r->iter[k])))
            return 0;
    return 1;
}

static int sgd_sc_applies(const ds_th_ctx *c, char *why, size_t n)
{
    double beta, g1;
    if (!plain_sgd(c, why, n))
        return 0;
    if (!harmonic_steps(c->run, &beta, &g1))
        return no(why, n, "not applicable: the steps are not beta/(gamma + t) (schedule %s)", c->schedule);
    if (!(beta * c->mu > 1))
        return no(why, n, "not applicable: beta mu = %g, needs > 1", beta * c->mu);
    if (!(c->run->lr[0] <= (1 + 1e-12) / c->L))
        return no(why, n, "not applicable: first step %g > 1/L=%g", c->run->lr[0], 1 / c->L);
    return 1;
}

/* Bottou, Curtis & Nocedal 2018, Thm 4.7 with their mu = 1, M_G = 1,
 * M = sigma^2 (unbiased gradients with additive noise of variance
 * sigma^2), c = mu: E f(x_t)-f* <= nu/(g1 + t),
 * nu = max{beta^2 L sigma^2/(2(beta mu - 1)), g1 D}. */
static double sgd_sc_bound(const ds_th_ctx *c, long t, double f_t)
{
    (void)f_t;
    double beta, g1;
    if (!harmonic_steps(c->run, &beta, &g1) || !(beta * c->mu > 1))
        return NAN;
    double nu = fmax(beta * beta * c->L * c->sigma2 / (2 * (beta * c->mu - 1)), g1 * c->D);
    return nu / (g1 + (double)t);
}

static const ds_theorem th_sgd_sc = {
    .id = "sgd-sc",
    .statement = "E f(x_t)-f* <= nu/(gamma+1+t), nu = max{beta^2 L sigma^2/(2(beta mu-1)), (gamma+1) D}, "
                 "steps beta/(gamma+1+t), beta mu > 1, first step <= 1/L",
    .method = "sgd (no momentum), lr_t = beta/(gamma+1+t) (robbins_monro:p=1,tau=gamma+1 with "
              "beta = lr tau), gradient noise of variance sigma^2",
    .source = "Bottou, Curtis & Nocedal 2018, Thm 4.7 (mu = M_G = 1, M = sigma^2, c = mu)",
    .requires = DS_STRONGLY_CONVEX | DS_SMOOTH,
    .quantity = DS_Q_GAP,
    .kind = DS_TH_UPPER,
    .stochastic = 1,
    .fits = known_noise,
    .methods = "sgd",
    .applies = sgd_sc_applies,
    .bound = sgd_sc_bound,
    .order = 1,
};

static int sgd_ball_applies(const ds_th_ctx *c, char *why, size_t n)
{
    return plain_sgd(c, why, n) && constant_step(c, why, n) && lr_at_most(c, 1 / c->L, "1/L", why, n);
}

/* E||x+ - x*||^2 = ||x - x*||^2 - 2 lr <g, x - x*> + lr^2 (||g||^2 + sigma^2),
 * ||g||^2 <= L <g, x - x*> and <g, x - x*> >= mu ||x - x*||^2: a factor
 * 1 - lr mu (2 - lr L) <= 1 - lr mu for lr <= 1/L, plus lr^2 sigma^2;
 * summed, lr^2 sigma^2/(lr mu). */
static double sgd_ball_bound(const ds_th_ctx *c, long t, double f_t)
{
    (void)f_t;
    return ds_pow(1 - c->lr * c->mu, (double)t) * c->R * c->R + c->lr * c->sigma2 / c->mu;
}

static const ds_theorem th_sgd_sc_ball = {
    .id = "sgd-sc-ball",
    .statement = "E||x_t-x*||^2 <= (1-lr mu)^t R^2 + lr sigma^2/mu, constant lr <= 1/L (the noise ball)",
    .method = "sgd (no momentum), constant lr <= 1/L, gradient noise of variance sigma^2",
    .source = "derived (the standard recursion); Gower et al. 2019, Thm 3.1; Bottou, Curtis & "
              "Nocedal 2018, Thm 4.6 for f",
    .requires = DS_STRONGLY_CONVEX | DS_SMOOTH,
    .quantity = DS_Q_DIST2,
    .kind = DS_TH_UPPER,
    .stochastic = 1,
    .fits = known_noise,
    .methods = "sgd",
    .applies = sgd_ball_applies,
    .bound = sgd_ball_bound,
};

static int sgd_nonconvex_applies(const ds_th_ctx *c, char *why, size_t n)
{
    return plain_sgd(c, why, n) && constant_step(c, why, n) &&
           lr_at_most(c, 1 / c->L, "1/L", why, n);
}

static double sgd_nonconvex_bound(const ds_th_ctx *c, long t, double f_t)
{
    (void)f_t;
    if (t < 1)
        return NAN;
    return 2 * c->D / (c->lr * (double)t) + c->L * c->lr * c->sigma2;
}

static const ds_theorem th_sgd_nonconvex = {
    .id = "sgd-nonconvex",
    .statement = "(1/T) sum_{t<T} E||grad f(x_t)||^2 <= 2D/(lr T) + L lr sigma^2",
    .method = "sgd (no momentum), constant lr <= 1/L, gradient noise of variance sigma^2",
    .source = "Ghadimi & Lan 2013, Thm 2.1 (constant-step form)",
    .requires = DS_SMOOTH,
    .quantity = DS_Q_GRAD2_MEAN,
    .kind = DS_TH_UPPER,
    .stochastic = 1,
    .fits = known_noise,
    .methods = "sgd",
    .applies = sgd_nonconvex_applies,
    .bound = sgd_nonconvex_bound,
};

static int adagrad_applies(const ds_th_ctx *c, char *why, size_t n)
{
    if (!opt_is(c, "adagrad"))
        return no(why, n, "not applicable: the theorem is about adagrad, not %s", c->opt);
    if (par(c, "lr_decay") != 0 || par(c, "weight_decay") != 0)
        return no(why, n, "not applicable: needs lr_decay=0 and weight_decay=0");
    if (!c->run->regret || !c->run->gsum || !c->run->dinf)
        return no(why, n, "not applicable: the bound needs a tracked run (every gradient observed)");
    if (!c->p || !c->p->x_star)
        return no(why, n, "not applicable: x* unknown (the bound needs max ||x_t-x*||_inf)");
    return constant_step(c, why, n);
}

/* Record index of iteration t (the records are in increasing order), or -1. */
static long record_of(const ds_th_run *r, long t)
{
    size_t lo = 0, hi = r->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->iter[mid] == t)
            return (long)mid;
        if (r->iter[mid] < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

/* Duchi et al.'s argument with torch's H_t = sqrt(v0 + sum_{j<=t} g_j^2) +
 * eps: the telescoping sum of (x_t-x*)^T (H_t - H_{t-1}) (x_t-x*)/(2 lr) is
 * at most D_inf^2/(2 lr) sum_i sqrt(sum_j g_{j,i}^2), plus the start's
 * ||x_0-x*||^2 H_0/(2 lr), H_0 = sqrt(v0) + eps; the steps' lr/2 sum_j
 * ||g_j||^2_{H_j^-1} are at most lr sum_i ||g_{1:T,i}||_2. */
static double adagrad_bound(const ds_th_ctx *c, long t, double f_t)
{
    (void)f_t;
    long k = t > 0 ? record_of(c->run, t) : -1;
    if (k < 0)
        return NAN;
    double lr = c->lr, D = c->run->dinf[k], S = c->run->gsum[k];
    double v0 = par(c, "initial_accumulator_value"), eps = par(c, "eps");
    double h0 = (isfinite(v0) ? sqrt(v0) : 0) + (isfinite(eps) ? eps : 0);  /* 0 for another method */
    return (D * D / (2 * lr) + lr) * S + h0 * c->R * c->R / (2 * lr);
}

static const ds_theorem th_adagrad_regret = {
    .id = "adagrad-regret",
    .statement = "Regret_T = sum_{t<T} f(x_t)-f* <= (D_inf^2/(2 lr) + lr) sum_i ||g_{1:T,i}||_2 "
                 "+ (sqrt(v0)+eps) ||x_0-x*||^2/(2 lr); f(xbar)-f* <= Regret_T/T",
    .method = "adagrad (diagonal, torch's eps and initial_accumulator_value v0), constant lr, "
              "D_inf = max_{t<T} ||x_t-x*||_inf",
    .source = "Duchi, Hazan & Singer 2011, Thm 5",
    .requires = DS_CONVEX,
    .quantity = DS_Q_REGRET,
    .kind = DS_TH_UPPER,
    .methods = "adagrad",
    .applies = adagrad_applies,
    .bound = adagrad_bound,
};

/* The recorded step sizes are alpha/sqrt(t + 1), Reddi et al.'s alpha_t
 * (the last record, after the last step, has none). */
static int inverse_sqrt_steps(const ds_th_run *r)
{
    if (!r->lr || r->n < 2 || !(r->lr[0] > 0))
        return 0;
    for (size_t k = 0; k + 1 < r->n; k++)
        if (!(fabs(r->lr[k] * sqrt((double)r->iter[k] + 1) - r->lr[0]) <= 1e-12 * r->lr[0]))
            return 0;
    return 1;
}

static int adam_counter_applies(const ds_th_ctx *c, char *why, size_t n)
{
    if (!opt_is(c, "adam") && !opt_is(c, "adagrad"))
        return no(why, n, "not applicable: the counterexample is about adam (amsgrad, adagrad), not %s",
                  c->opt);
    if (par(c, "batch") != 1 || par(c, "shuffle") != 0)
        return no(why, n, "not applicable: the problem is online: one loss per step, in order "
                          "(batch=1,shuffle=0)");
    if (opt_is(c, "adagrad"))
        return c->constant_lr ? 1
                              : no(why, n, "not applicable: adagrad's 1/sqrt(sum g^2) is the decay; "
                                           "it takes a constant lr (schedule %s)", c->schedule);
    if (!inverse_sqrt_steps(c->run))
        return no(why, n, "not applicable: the theorem's steps are alpha/sqrt(t) (schedule %s)",
                  c->schedule);
    if (par(c, "beta1") != 0)
        return no(why, n, "not applicable: needs beta1=0 (got %s)", par_text(c, "beta1"));
    double C = ppar(c, "C");
    if (C > 0 && !rel_eq(par(c, "beta2"), 1 / (1 + C * C)))
        return no(why, n, "not applicable: needs beta2=1/(1+C^2)=%g (got %s)", 1 / (1 + C * C),
                  par_text(c, "beta2"));
    return 1;
}

/* Adam drifts to the worst point +1; AMSGrad and AdaGrad reach x* = -1. */
static int adam_counter_reproduces(const ds_th_ctx *c, char *why, size_t n)
{
    const ds_th_run *r = c->run;
    if (!r->x_final)
        return no(why, n, "no final iterate");
    double x = r->x_final[0];
    int adam = opt_is(c, "adam") && par(c, "amsgrad") == 0;
    double want = adam ? 1.0 : -1.0;
    if (fabs(x - want) > 1e-2)
        return no(why, n, "x_T=%.6g, expected %s to end near %+g", x, c->opt, want);
    snprintf(why, n, "x_T=%.6g (%s)", x, adam ? "Adam drifts to the worst point" : "converges to x*");
    return 1;
}

static const ds_theorem th_adam_counterexample = {
    .id = "adam-counterexample",
    .statement = "on f_t = C x (t mod 3 = 1) else -x over [-1,1], Adam (beta1=0, beta2=1/(1+C^2)) "
                 "drifts to +1; AMSGrad and AdaGrad reach x* = -1",
    .method = "adam beta1=0, beta2=1/(1+C^2), lr/sqrt(t); amsgrad=1 and adagrad as contrast",
    .source = "Reddi, Kale & Kumar 2018, Thm 1",
    .quantity = DS_Q_NONE,
    .kind = DS_TH_COUNTER,
    .stochastic = 1, /* online: one sampled loss per step, as the theorem has it */
    .instance = "adam_counter",
    .methods = "adam|adagrad",
    .applies = adam_counter_applies,
    .reproduces = adam_counter_reproduces,
};

/* The diameter of the feasible set of a projected problem: abs_worst's
 * box [-b, b]^dim, adam_counter's [-1, 1]. NaN when unconstrained. */
static double domain_diameter(const ds_th_ctx *c)
{
    if (problem_is(c, "abs_worst")) {
        double b = ppar(c, "box");
        return b > 0 ? 2 * b * sqrt((double)c->p->dim) : NAN;
    }
    return problem_is(c, "adam_counter") ? 2.0 : NAN;
}

static int sgd_last_fits(const ds_th_ctx *c, char *why, size_t n)
{
    if (!(domain_diameter(c) > 0))
        return no(why, n, "not applicable: the theorem is for projected SGD on a bounded domain "
                          "(abs_worst:box=B)");
    return known_noise(c, why, n);
}

static int sgd_last_applies(const ds_th_ctx *c, char *why, size_t n)
{
    if (!plain_sgd(c, why, n))
        return 0;
    if (!inverse_sqrt_steps(c->run))
        return no(why, n, "not applicable: the theorem's steps are c/sqrt(t) (schedule %s)", c->schedule);
    return 1;
}

/* Shamir & Zhang's w_T is the start after T-1 steps, with eta_t = c/sqrt(t)
 * for the step from w_t: the record of t steps is T = t+1, and the
 * recorded steps lr_k = c/sqrt(k+1) give c = lr_0. E||g||^2 <= G^2 =
 * M^2 + sigma^2 for unbiased additive noise. */
static double sgd_last_bound(const ds_th_ctx *c, long t, double f_t)
{
    (void)f_t;
    if (t < 1)
        return NAN;
    double D = domain_diameter(c), G2 = c->M * c->M + c->sigma2, T = (double)(t + 1);
    return (D * D / c->lr + c->lr * G2) * (2 + ds_log(T)) / sqrt(T);
}

static const ds_theorem th_sgd_last_iterate = {
    .id = "sgd-last-iterate",
    .statement = "E f(x_T)-f* <= (D^2/c + c G^2)(2 + log T)/sqrt(T), T > 1 (x_T after T-1 steps), "
                 "steps c/sqrt(t), domain of diameter D, E||g||^2 <= G^2",
    .method = "projected sgd (no momentum), lr_t = c/sqrt(t) (robbins_monro:p=0.5,tau=1, c = lr)",
    .source = "Shamir & Zhang 2013, Thm 2",
    .requires = DS_CONVEX | DS_LIPSCHITZ,
    .quantity = DS_Q_GAP,
    .kind = DS_TH_UPPER,
    .stochastic = 1,
    .fits = sgd_last_fits,
    .methods = "sgd",
    .applies = sgd_last_applies,
    .bound = sgd_last_bound,
    .order = 0.5,
};

/* ---- the catalog ----------------------------------------------------------- */

const ds_theorem *const ds_theorems[] = {
    &th_gd_convex_tight,
    &th_gd_convex_classic,
    &th_agd_convex,
    &th_agd_t3_convex,
    &th_agd_t3_pep,
    &th_ogm_convex,
    &th_ogmg_grad,
    &th_ogm_grad_norm,
    &th_drori_lower,
    &th_nesterov_lower_convex,
    &th_nesterov_lower_nonsmooth,
    &th_gd_sc_dist,
    &th_gd_sc_f,
    &th_gd_sc_f_textbook,
    &th_gd_sc_nesterov,
    &th_gd_quadratic_tight,
    &th_gd_exact_ls,
    &th_agd_sc,
    &th_nesterov_lower_sc,
    &th_heavy_ball_quadratic,
    &th_heavy_ball_ghadimi,
    &th_heavy_ball_cycle,
    &th_triple_momentum,
    &th_item,
    &th_cg_quadratic,
    &th_newton_quadratic,
    &th_gd_pl,
    &th_gd_grad_norm,
    &th_gd_nonconvex_grad,
    &th_gd_nonconvex_grad_tight,
    &th_gd_grad_exact,
    &th_subgradient,
    &th_polyak_nonsmooth,
    &th_polyak_sc,
    &th_sgd_convex_avg,
    &th_sgd_sc,
    &th_sgd_sc_ball,
    &th_sgd_last_iterate,
    &th_sgd_nonconvex,
    &th_adagrad_regret,
    &th_adam_counterexample,
    NULL,
};

const ds_theorem *ds_theorem_find(const char *id)
{
    for (const ds_theorem *const *t = ds_theorems; *t; t++)
        if (strcmp((*t)->id, id) == 0)
            return *t;
    return NULL;
}
