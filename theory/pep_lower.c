/* A lower bound on the worst case of every first-order method, held against
 * one method's exact worst case (its PEP value): Drori's L R^2/(2 theta_N^2)
 * on the smooth convex class. A fixed-step method whose PEP value falls
 * below it means a wrong constant, a wrong SDP or a wrong step table; OGM,
 * which attains it, must meet it to the solver's tolerance. */
#include <math.h>
#include <stdio.h>

#include "pep.h"

static int below(double value, double bound, double tol)
{
    return !(value >= bound * (1.0 - DS_TH_REL_TOL) - tol);
}

static int above(double value, double bound, double tol)
{
    return !(value <= bound * (1.0 + DS_TH_REL_TOL) + tol);
}

static void fail_at(ds_check *c, long t, double value, double bound, double tol, const char *how)
{
    if (c->verdict == DS_V_FAIL)
        return;
    c->verdict = DS_V_FAIL;
    c->first_violation = t;
    c->viol_measured = value;
    c->viol_bound = bound;
    snprintf(c->reason, sizeof c->reason, "t=%ld: PEP worst case %.10g %s the lower bound %.10g (DSDP tol %.2g)",
             t, value, how, bound, tol);
}

void ds_pep_judge_lower(const long *t, const double *value, const double *bound, const double *tol,
                        const int *attained, size_t n, ds_check *c)
{
    const ds_theorem *th = c->th;
    int claimed = c->claimed;
    *c = (ds_check){.th = th, .claimed = claimed, .verdict = DS_V_PASS, .first_violation = -1,
                    .worst_ratio = INFINITY, .last_iter = -1, .seeds = 1, .rate_emp = NAN, .rate_thm = NAN,
                    .rate_tight = NAN, .order_emp = NAN, .order_thm = NAN, .ci = NAN, .tight_err = NAN};
    double tol_max = 0.0;
    for (size_t i = 0; i < n; i++) {
        double ratio = value[i] / bound[i];
        if (!(ratio >= c->worst_ratio))
            c->worst_ratio = ratio, c->worst_iter = t[i];
        tol_max = fmax(tol_max, tol[i]);
        c->n_checked++;
        c->last_iter = t[i];
        c->measured = value[i];
        c->bound = bound[i];
        if (below(value[i], bound[i], tol[i]))
            fail_at(c, t[i], value[i], bound[i], tol[i], "below");
        if (attained && attained[i]) {
            c->tight = 1;
            c->tight_err = fabs(value[i] - bound[i]) / bound[i];
            if (above(value[i], bound[i], tol[i]))
                fail_at(c, t[i], value[i], bound[i], tol[i], "above (not attained by the optimal method)");
        }
    }
    if (c->verdict == DS_V_PASS)
        snprintf(c->reason, sizeof c->reason, "PEP worst case >= bound at %zu horizons up to t=%ld, DSDP tol <= %.2g%s",
                 c->n_checked, c->last_iter, tol_max, c->tight ? "; attained" : "");
}
