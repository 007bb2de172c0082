/* Learning-rate schedules: each at chosen steps against its formula
 * written out here, against torch.optim.lr_scheduler's own values where
 * torch has the schedule (torch 1.13.1, float64: its chainable step() is
 * reproduced to the last bit, which the closed forms are not), the seed
 * material's numbers, refusal of invalid parameters, and a conformance
 * loop over every registered schedule. */
#include <string.h>

#include "../core/dmath.h"
#include "../core/optimizer.h"
#include "../core/problem.h"
#include "../core/schedule.h"
#include "../harness/runner.h"
#include "testutil.h"

/* Parse and initialise; fails the test on an error. */
static void make(ds_schedule *s, const char *spec, double base_lr, long horizon)
{
    ds_values v = {.n = 0};
    ds_err err = {0};
    if (ds_schedule_parse(spec, &v, &err) || ds_schedule_init(s, &v, base_lr, horizon, &err))
        fail_msg("%s: %s", spec, err.msg);
    ds_values_free(&v);
}

/* The error of parsing then initialising spec (DS_OK when accepted). */
static int refuse(const char *spec, double base_lr, long horizon, ds_err *err)
{
    ds_values v = {.n = 0};
    ds_schedule s;
    memset(err, 0, sizeof *err);
    int rc = ds_schedule_parse(spec, &v, err);
    if (!rc)
        rc = ds_schedule_init(&s, &v, base_lr, horizon, err);
    ds_values_free(&v);
    return rc;
}

/* The rates for t = 0 .. n-1, called in order as the runner does. */
static void rates(const char *spec, double base_lr, long horizon, double *out, long n)
{
    ds_schedule s;
    make(&s, spec, base_lr, horizon);
    for (long t = 0; t < n; t++)
        out[t] = ds_schedule_lr(&s, t);
}

/* Exactly torch's value (bit for bit). */
#define assert_torch(ours, torch)                                                                    \
    do {                                                                                             \
        double o_ = (ours), t_ = (torch);                                                            \
        if (o_ != t_)                                                                                \
            fail_msg("%s = %.17g, torch gives %.17g", #ours, o_, t_);                                \
    } while (0)

static double lr[2001];

static void test_constant(void **st)
{
    (void)st;
    rates("constant", 0.37, 100, lr, 100);
    for (int t = 0; t < 100; t++)
        assert_true(lr[t] == 0.37);
}

/* The seed's step decay: 0.1 -> 0.05 -> 0.025 -> 0.0125 every 20 epochs,
 * step_decay = initial * decay^(epoch // step_size). */
static void test_step_seed(void **st)
{
    (void)st;
    rates("step:step_size=20,gamma=0.5", 0.1, 100, lr, 80);
    for (int e = 0; e < 80; e++)
        assert_true(lr[e] == 0.1 * pow(0.5, e / 20));
    assert_true(lr[0] == 0.1 && lr[19] == 0.1);
    assert_true(lr[20] == 0.05 && lr[40] == 0.025 && lr[60] == 0.0125 && lr[79] == 0.0125);
}

/* torch multiplies at each multiple of step_size: (0.1 * 0.1) * 0.1 is
 * 0.0010000000000000002, where the closed form 0.1 * 0.1^2 is 0.001. */
static void test_step_chained(void **st)
{
    (void)st;
    rates("step:step_size=30", 0.1, 100, lr, 100);
    double chained = 0.1;
    for (int t = 1; t < 100; t++) {
        if (t % 30 == 0)
            chained *= 0.1;
        assert_torch(lr[t], chained);
        assert_rel(lr[t], 0.1 * pow(0.1, t / 30), 1e-15);
    }
    assert_torch(lr[60], 0.0010000000000000002);
}

/* torch's own docstring example: 0.05 for t < 30, 0.005 to 80, 0.0005. */
static void test_multistep(void **st)
{
    (void)st;
    rates("multistep:milestones=30;80", 0.05, 100, lr, 100);
    assert_torch(lr[0], 0.05);
    assert_torch(lr[29], 0.050000000000000003);
    assert_torch(lr[30], 0.005000000000000001);
    assert_torch(lr[79], 0.005000000000000001);
    assert_torch(lr[80], 0.00050000000000000012);
    assert_torch(lr[99], 0.00050000000000000012);
    /* the defaults 30;60;90 and gamma 0.1; a milestone at 0 applies at once */
    rates("multistep", 1.0, 100, lr, 100);
    assert_rel(lr[59], 0.1, 1e-15);
    assert_rel(lr[60], 0.01, 1e-15);
    assert_rel(lr[90], 0.001, 1e-15);
    rates("multistep:milestones=0;5,gamma=0.5", 1.0, 10, lr, 10);
    assert_true(lr[0] == 0.5 && lr[4] == 0.5 && lr[5] == 0.25);
}

/* ExponentialLR multiplies by gamma every step: at t = 1000 torch has
 * 1.7478712517226926e-47, the closed form 0.1 * 0.9^1000 gives
 * ...948e-47. */
static void test_exponential(void **st)
{
    (void)st;
    rates("exponential:gamma=0.9", 0.1, 1001, lr, 1001);
    double chained = 0.1;
    for (int t = 0; t <= 1000; t++) {
        if (t > 0)
            chained *= 0.9;
        assert_torch(lr[t], chained);
        assert_rel(lr[t], 0.1 * pow(0.9, t), 1e-12);
    }
    assert_torch(lr[1], 0.090000000000000011);
    assert_torch(lr[100], 2.6561398887587549e-06);
    assert_torch(lr[1000], 1.7478712517226926e-47);
}

/* The seed's cosine annealing from 0.1 to 1e-4 over 100 steps: 0.05005 at
 * step 50 (torch's chained value is 0.050050000000000025). Past T_max torch
 * climbs back up with period 2 T_max. */
static void test_cosine(void **st)
{
    (void)st;
    rates("cosine:T_max=100,eta_min=1e-4", 0.1, 200, lr, 200);
    for (int t = 0; t < 200; t++)
        assert_rel(lr[t], 1e-4 + 0.5 * (0.1 - 1e-4) * (1 + cos(M_PI * t / 100)), 1e-13);
    assert_close(lr[50], 0.05005, 1e-15);
    assert_torch(lr[0], 0.1);
    assert_torch(lr[1], 0.099975352690268304);
    assert_torch(lr[50], 0.050050000000000025);
    assert_torch(lr[99], 0.00012464730973170659);
    assert_torch(lr[100], 0.0001);
    assert_torch(lr[101], 0.00012464730973170659);  /* the 1 + cos(pi) = 0 branch */
    assert_torch(lr[150], 0.05004999999999999);
    assert_torch(lr[199], 0.099975352690268318);

    /* T_max=all is the run's length */
    rates("cosine", 1.0, 40, lr, 41);
    assert_rel(lr[20], 0.5, 1e-14);
    assert_close(lr[40], 0.0, 1e-15);
}

/* SGDR against the seed's cosine_warm_restarts (periods T_0, T_0 T_mult,
 * ...) and torch's values. */
static double seed_warm_restarts(double initial, double min, long t0, long mult, long step)
{
    long t = t0;
    while (step >= t) {
        step -= t;
        t *= mult;
    }
    return min + 0.5 * (initial - min) * (1 + ds_cos(M_PI * (double)step / (double)t));
}

static void test_cosine_restarts(void **st)
{
    (void)st;
    rates("cosine_restarts:T_0=10,T_mult=2,eta_min=1e-5", 0.1, 100, lr, 100);
    for (int t = 0; t < 100; t++)
        assert_rel(lr[t], seed_warm_restarts(0.1, 1e-5, 10, 2, t), 1e-14);
    assert_torch(lr[0], 0.1);
    assert_torch(lr[5], 0.050005000000000008);
    assert_torch(lr[9], 0.0024569294678237993);
    assert_torch(lr[10], 0.1);
    assert_torch(lr[25], 0.014653196474578561);
    assert_torch(lr[29], 0.00062552141194609277);
    assert_torch(lr[30], 0.1);
    assert_torch(lr[70], 0.1);
    rates("cosine_restarts:T_0=7", 2.0, 50, lr, 50);
    for (int t = 0; t < 50; t++)
        assert_rel(lr[t], seed_warm_restarts(2.0, 0, 7, 1, t), 1e-14);
}

/* OneCycleLR: phases end at pct_start T - 1 (and 2 pct_start T - 2), each
 * annealed as end + (start - end)(1 + cos(pi pct))/2 or linearly. */
static double anneal_cos(double a, double b, double pct)
{
    return b + (a - b) / 2 * (1 + ds_cos(M_PI * pct));
}

static void test_onecycle(void **st)
{
    (void)st;
    /* max_lr = the optimizer's lr 0.01, total 300, pct_start 0.3 */
    rates("onecycle", 0.01, 300, lr, 300);
    double init = 0.01 / 25, min = init / 1e4;
    for (int t = 0; t < 300; t++) {
        double want = t <= 89 ? anneal_cos(init, 0.01, t / 89.0) : anneal_cos(0.01, min, (t - 89) / 210.0);
        assert_rel(lr[t], want, 1e-13);
    }
    assert_torch(lr[0], 0.00039999999999999931);
    assert_torch(lr[50], 0.0061260451139655853);
    assert_torch(lr[89], 0.01);
    assert_torch(lr[90], 0.0099994405112893304);
    assert_torch(lr[200], 0.004551825248269011);
    assert_torch(lr[299], 4.0000000000000001e-08);

    /* three phases, linear: 0.002 -> 0.05 (t = 74) -> 0.002 (t = 148) -> 2e-7 */
    rates("onecycle:max_lr=0.05,total_steps=300,pct_start=0.25,anneal_strategy=linear,three_phase=1", 0.01,
          300, lr, 300);
    for (int t = 0; t < 300; t++) {
        double want = t <= 74    ? 0.002 + (0.05 - 0.002) * t / 74.0
                      : t <= 148 ? 0.05 + (0.002 - 0.05) * (t - 74) / 74.0
                                 : 0.002 + (2e-7 - 0.002) * (t - 148) / 151.0;
        assert_rel(lr[t], want, 1e-12);
    }
    assert_torch(lr[0], 0.002);
    assert_torch(lr[74], 0.050000000000000003);
    assert_torch(lr[100], 0.033135135135135135);
    assert_torch(lr[148], 0.0020000000000000018);
    assert_torch(lr[200], 0.0013113271523178809);
    assert_torch(lr[299], 2.0000000000011328e-07);
}

/* CyclicLR. Smith's triangular formula: cycle = floor(1 + t/2s),
 * x = |t/s - 2 cycle + 1|, lr = base + (max - base) max(0, 1 - x). */
static void test_cyclic(void **st)
{
    (void)st;
    rates("cyclic:max_lr=0.04,step_size_up=25", 0.01, 300, lr, 300);
    for (int t = 0; t < 300; t++) {
        double cycle = floor(1 + t / 50.0), x = fabs(t / 25.0 - 2 * cycle + 1);
        assert_rel(lr[t], 0.01 + (0.04 - 0.01) * fmax(0, 1 - x), 1e-14);
    }
    /* the default max_lr is 4 base_lr */
    rates("cyclic:step_size_up=10", 0.5, 100, lr, 100);
    assert_rel(lr[10], 2.0, 1e-15);
    assert_rel(lr[15], 1.25, 1e-15);

    rates("cyclic:max_lr=0.04,step_size_up=25,mode=triangular2", 0.01, 300, lr, 300);
    assert_torch(lr[0], 0.01);
    assert_torch(lr[10], 0.021999999999999999);
    assert_torch(lr[25], 0.040000000000000001);
    assert_torch(lr[40], 0.021999999999999999);
    assert_torch(lr[75], 0.025000000000000001);  /* second cycle: half the amplitude */
    assert_torch(lr[110], 0.013000000000000003);

    rates("cyclic:base_lr=0.001,max_lr=0.04,step_size_up=15,mode=exp_range,gamma=0.99", 0.01, 300, lr, 300);
    assert_torch(lr[0], 0.001);
    assert_torch(lr[7], 0.017963589331907222);
    assert_torch(lr[15], 0.034542275831010251);
    assert_torch(lr[47], 0.022075158347322571);
    assert_rel(lr[15], 0.001 + 0.039 * pow(0.99, 15), 1e-14);

    rates("cyclic:max_lr=0.04,step_size_up=20,step_size_down=30", 0.01, 300, lr, 300);
    assert_torch(lr[10], 0.024999999999999994);
    assert_torch(lr[20], 0.039999999999999994);
    assert_torch(lr[35], 0.025000000000000001);
    assert_torch(lr[50], 0.01);
    assert_torch(lr[70], 0.039999999999999994);
}

/* LinearLR: torch's docstring (0.05, start 0.5, 4 iters): 0.025, 0.03125,
 * 0.0375, 0.04375, 0.05; then torch's chained values. */
static void test_linear(void **st)
{
    (void)st;
    rates("linear:start_factor=0.5,total_iters=4", 0.05, 10, lr, 10);
    const double doc[] = {0.025, 0.03125, 0.0375, 0.04375, 0.05, 0.05};
    for (int t = 0; t < 6; t++)
        assert_rel(lr[t], doc[t], 1e-15);
    rates("linear:start_factor=0.25,end_factor=0.9,total_iters=50", 0.01, 100, lr, 100);
    for (int t = 0; t < 100; t++)
        assert_rel(lr[t], 0.01 * (0.25 + (0.9 - 0.25) * (t < 50 ? t : 50) / 50.0), 1e-14);
    assert_torch(lr[0], 0.0025000000000000001);
    assert_torch(lr[1], 0.00263);
    assert_torch(lr[25], 0.0057500000000000025);
    assert_torch(lr[50], 0.0090000000000000063);
    assert_torch(lr[60], 0.0090000000000000063);
    /* defaults: start 1/3, over the run's length */
    rates("linear", 3.0, 10, lr, 11);
    assert_rel(lr[0], 1.0, 1e-15);
    assert_rel(lr[5], 2.0, 1e-14);
    assert_rel(lr[10], 3.0, 1e-14);
}

/* PolynomialLR: torch's docstring (0.001, 4 iters, power 1): 0.001,
 * 0.00075, 0.0005, 0.00025, 0; then torch's chained values. */
static void test_polynomial(void **st)
{
    (void)st;
    rates("polynomial:total_iters=4", 0.001, 10, lr, 10);
    const double doc[] = {0.001, 0.00075, 0.0005, 0.00025, 0, 0};
    for (int t = 0; t < 6; t++)
        assert_close(lr[t], doc[t], 1e-18);
    rates("polynomial:total_iters=80,power=2.5", 0.01, 100, lr, 100);
    for (int t = 0; t < 100; t++)
        assert_close(lr[t], 0.01 * pow(1 - (t < 80 ? t : 80) / 80.0, 2.5), 1e-17);
    assert_torch(lr[1], 0.0096904235744116832);
    assert_torch(lr[40], 0.0017677669529663699);
    assert_torch(lr[79], 1.7469281074216959e-07);
    assert_torch(lr[80], 0.0);
    assert_torch(lr[90], 0.0);
}

/* The seed's warmup_cosine_schedule(initial, warmup, total, min, step). */
static double seed_warmup_cosine(double initial, long warmup, long total, double min, long step)
{
    if (step < warmup)
        return initial * ((double)step / (double)warmup);
    double progress = (double)(step - warmup) / (double)(total - warmup);
    return min + 0.5 * (initial - min) * (1 + ds_cos(M_PI * progress));
}

/* The seed: lr 3e-4, 500 warmup steps of 10000 gives 1.2e-4 at step 200,
 * the same with the seed code's eta_min 1e-6 as with the default 0 (step
 * 200 is in the warmup, which starts from 0 whatever eta_min is). */
static void test_warmup_cosine(void **st)
{
    (void)st;
    ds_schedule s;
    const double mins[] = {1e-6, 0};
    const char *specs[] = {"warmup_cosine:warmup=500,total=10000,eta_min=1e-6", "warmup_cosine:warmup=500,total=10000"};
    for (int k = 0; k < 2; k++) {
        make(&s, specs[k], 3e-4, 10000);
        double at[10001];
        for (long t = 0; t <= 10000; t++)
            at[t] = ds_schedule_lr(&s, t);
        for (long t = 0; t < 10000; t += 7)
            assert_true(at[t] == seed_warmup_cosine(3e-4, 500, 10000, mins[k], t));
        assert_close(at[200], 1.2e-4, 1e-18);
        assert_true(at[0] == 0);
        assert_true(at[500] == 3e-4);
        assert_rel(at[5250], mins[k] + (3e-4 - mins[k]) / 2, 1e-13);
        assert_true(at[10000] == mins[k]);
    }
}

/* lr min(t/warmup, sqrt(warmup/t)), which is Vaswani et al.'s
 * d^-0.5 min(t^-0.5, t warmup^-1.5) times lr sqrt(d warmup). */
static void test_inverse_sqrt(void **st)
{
    (void)st;
    rates("inverse_sqrt:warmup=100", 2.0, 2000, lr, 2000);
    assert_true(lr[0] == 0);
    assert_true(lr[50] == 1.0);
    assert_true(lr[100] == 2.0);
    assert_true(lr[400] == 1.0);
    assert_true(lr[1600] == 0.5);
    double d = 512, w = 100;
    for (int t = 1; t < 2000; t++) {
        double vaswani = pow(d, -0.5) * fmin(pow(t, -0.5), t * pow(w, -1.5));
        assert_rel(lr[t], 2.0 * sqrt(d * w) * vaswani, 1e-14);
    }
}

static void test_wsd(void **st)
{
    (void)st;
    /* warmup 10, constant to 80, then the last 20 of 100 steps decay */
    rates("wsd:warmup=10,decay=0.2,total=100,eta_min=0.1", 1.0, 100, lr, 100);
    for (int t = 0; t < 100; t++) {
        double want = t < 10 ? t / 10.0 : t < 80 ? 1.0 : 0.1 + 0.9 * (1 - (t - 80) / 20.0);
        assert_rel(lr[t], want, 1e-15);
    }
    assert_true(lr[5] == 0.5 && lr[79] == 1.0);
    assert_rel(lr[90], 0.55, 1e-15);
    rates("wsd:decay=0.2,anneal_strategy=cos", 1.0, 100, lr, 101);
    assert_true(lr[0] == 1.0 && lr[79] == 1.0 && lr[80] == 1.0);
    assert_rel(lr[85], (1 + cos(M_PI / 4)) / 2, 1e-15);
    assert_true(lr[100] == 0);
}

static void test_robbins_monro(void **st)
{
    (void)st;
    rates("robbins_monro:tau=10,p=0.75", 0.5, 100, lr, 100);
    for (int t = 0; t < 100; t++)
        assert_rel(lr[t], 0.5 / pow(1 + t / 10.0, 0.75), 1e-15);
    assert_true(lr[0] == 0.5);
    assert_rel(lr[30], 0.5 / pow(2.0, 1.5), 1e-15);
    rates("robbins_monro", 1.0, 100, lr, 100);
    assert_rel(lr[9], 0.1, 1e-15);  /* 1/(1 + t) */
}

static void test_lr_range(void **st)
{
    (void)st;
    rates("lr_range", 123.0, 100, lr, 120);
    assert_rel(lr[0], 1e-8, 1e-15);
    assert_rel(lr[33], 1e-5, 1e-13);
    assert_rel(lr[66], 1e-2, 1e-13);
    assert_rel(lr[99], 10, 1e-15);
    assert_true(lr[119] == 10);
    for (int t = 1; t < 99; t++)
        assert_rel(lr[t] / lr[t - 1], pow(1e9, 1 / 99.0), 1e-12);
}

/* Asked for an earlier step, a chained schedule starts over (the runner
 * never does; a caller reusing an instance may): each of the seven
 * chainable schedules, asked out of order, gives the bits it gave in order. */
static void test_start_over(void **st)
{
    (void)st;
    static const char *const chained[] = {"cosine:T_max=10", "cosine_restarts:T_0=7,T_mult=2", "exponential:gamma=0.9",
                                          "linear:total_iters=40", "multistep:milestones=5;20;33", "polynomial:total_iters=45,power=2",
                                          "step:step_size=6,gamma=0.5"};
    static const long order[] = {0, 37, 12, 59, 59, 1, 33, 32, 5};
    for (size_t i = 0; i < sizeof chained / sizeof chained[0]; i++) {
        ds_schedule s;
        make(&s, chained[i], 1.0, 60);
        double first[60];
        for (int t = 0; t < 60; t++)
            first[t] = ds_schedule_lr(&s, t);
        assert_true(first[0] == 1.0 || strncmp(chained[i], "linear", 6) == 0);
        for (size_t k = 0; k < sizeof order / sizeof order[0]; k++) {
            double r = ds_schedule_lr(&s, order[k]);
            if (r != first[order[k]])
                fail_msg("%s: lr(%ld) asked out of order = %.17g, in order %.17g", chained[i], order[k], r,
                         first[order[k]]);
        }
    }
}

static void test_invalid(void **st)
{
    (void)st;
    static const struct {
        const char *spec, *msg;
    } bad[] = {
        {"cosine:T_max=0", "T_max=0"},
        {"cosine:eta_min=-1", "eta_min=-1"},
        {"step:step_size=0", "step_size=0"},
        {"step:gamma=0", "gamma=0"},
        {"exponential:gamma=-0.5", "gamma=-0.5"},
        {"multistep:milestones=60;30", "milestones must increase (30 after 60)"},
        {"multistep:milestones=2.5", "milestone 2.5 is not a step number"},
        {"cosine_restarts:T_0=0", "T_0=0"},
        {"cosine_restarts:T_mult=0", "T_mult=0"},
        {"onecycle:pct_start=1.5", "pct_start=1.5"},
        {"onecycle:pct_start=0.1,total_steps=10", "leaves phase 1 with no step"},
        {"onecycle:div_factor=0", "div_factor=0"},
        {"onecycle:anneal_strategy=cosine", "anneal_strategy=cosine is not one of cos|linear"},
        {"cyclic:mode=sawtooth", "mode=sawtooth"},
        {"cyclic:step_size_up=0", "step_size_up=0"},
        {"cyclic:gamma=0", "gamma=0"},
        {"linear:start_factor=0", "start_factor=0"},
        {"linear:end_factor=1.5", "end_factor=1.5"},
        {"polynomial:power=-1", "power=-1"},
        {"warmup_cosine:warmup=500,total=400", "warmup=500 must be in [0, total=400)"},
        {"inverse_sqrt:warmup=0", "warmup=0"},
        {"wsd:warmup=90,decay=0.2,total=100", "warmup=90 overlaps the decay (the last 20 of total=100 steps)"},
        {"wsd:decay=1.5", "decay=1.5"},
        {"robbins_monro:p=0", "p=0"},
        {"robbins_monro:p=1.5", "p=1.5"},
        {"robbins_monro:tau=0", "tau=0"},
        {"lr_range:start=10,end=1", "needs 0 < start < end (got start=10, end=1)"},
        {"cosine:Tmax=5", "has no parameter 'Tmax'; did you mean 'T_max'?"},
        {"cosin", "unknown schedule 'cosin'"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ds_err err;
        int rc = refuse(bad[i].spec, 0.1, 1000, &err);
        if (rc != DS_EINVAL)
            fail_msg("%s: accepted (rc %d)", bad[i].spec, rc);
        if (!strstr(err.msg, bad[i].msg))
            fail_msg("%s: message '%s' does not say '%s'", bad[i].spec, err.msg, bad[i].msg);
        assert_null(strchr(err.msg, '\n'));
    }
}

/* Schedules whose first rate is not the optimizer's lr, as torch (or the
 * paper) defines them: a warmup from 0 or from a fraction, or a sweep of
 * its own. Every other schedule, including any added later, starts at lr. */
static int starts_elsewhere(const char *name)
{
    static const char *const names[] = {"linear", "onecycle", "inverse_sqrt", "lr_range"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcmp(name, names[i]))
            return 1;
    return 0;
}

static void test_conformance(void **st)
{
    (void)st;
    size_t n = 0;
    for (const ds_schedule_type *const *p = ds_schedules; *p; p++, n++) {
        const ds_schedule_type *t = *p;
        assert_non_null(t->name);
        assert_true(t->doc && *t->doc);
        assert_non_null(t->params);
        assert_non_null(t->init);
        assert_non_null(t->lr);
        assert_true(t->state_size <= DS_SCHEDULE_STATE_MAX);
        assert_ptr_equal(ds_schedule_find(t->name), t);
        for (const ds_schedule_type *const *q = ds_schedules; q != p; q++)
            assert_string_not_equal((*q)->name, t->name);
        for (const ds_param *prm = t->params; prm->name; prm++)
            assert_true(prm->doc && *prm->doc);

        ds_schedule s;
        make(&s, t->name, 0.1, 1000);
        for (long k = 0; k < 1000; k++) {
            double r = ds_schedule_lr(&s, k);
            if (!(isfinite(r) && r >= 0))
                fail_msg("schedule '%s': lr(%ld) = %g", t->name, k, r);
            if (k == 0 && !starts_elsewhere(t->name) && r != 0.1)
                fail_msg("schedule '%s': lr(0) = %.17g, not the optimizer's 0.1", t->name, r);
        }
        /* a run of no step (horizon 0) must still initialise */
        make(&s, t->name, 0.1, 0);
    }
    assert_true(n >= 15);
}

/* torch's cycle_momentum (on by default): CyclicLR moves the momentum
 * from max_momentum at the foot of the cycle to base_momentum at its top,
 * m_t = max - (max - base) f_t scale_t; OneCycleLR anneals it against the
 * rate over the same phases. */
static void test_momentum_values(void **st)
{
    (void)st;
    ds_schedule s;
    make(&s, "cyclic:step_size_up=10", 0.1, 100);
    double want[] = {0.9, 0.85, 0.8, 0.85, 0.9};  /* t = 0, 5, 10, 15, 20 */
    for (int k = 0; k < 5; k++)
        assert_close(ds_schedule_momentum(&s, 5 * k), want[k], 1e-15);
    make(&s, "cyclic:step_size_up=10,mode=triangular2,base_momentum=0.5,max_momentum=0.9", 0.1, 100);
    assert_close(ds_schedule_momentum(&s, 30), 0.9 - 0.4 * 0.5, 1e-15);  /* second cycle's top: half amplitude */
    make(&s, "cyclic:step_size_up=10,cycle_momentum=0", 0.1, 100);
    assert_true(isnan(ds_schedule_momentum(&s, 5)));
    /* two phases, total 100, pct_start 0.3: ends at steps 29 and 99 */
    make(&s, "onecycle:total_steps=100", 0.1, 100);
    assert_close(ds_schedule_momentum(&s, 0), 0.95, 1e-15);
    assert_close(ds_schedule_momentum(&s, 29), 0.85, 1e-15);
    assert_close(ds_schedule_momentum(&s, 64), 0.9, 1e-15);  /* half-way down the cosine */
    assert_close(ds_schedule_momentum(&s, 99), 0.95, 1e-15);
    make(&s, "onecycle:total_steps=100,three_phase=1", 0.1, 100);
    assert_close(ds_schedule_momentum(&s, 58), 0.95, 1e-15);  /* back at max after the second phase */
    assert_close(ds_schedule_momentum(&s, 80), 0.95, 1e-15);  /* and stays there */
    make(&s, "cosine", 0.1, 100);
    assert_true(isnan(ds_schedule_momentum(&s, 5)));  /* a rate-only schedule */
}

static void run_x(const char *opt, const char *sched, double *x, int n)
{
    ds_values pv = {.n = 0}, ov = {.n = 0}, sv = {.n = 0};
    ds_result res;
    ds_err err = {0};
    if (ds_problem_parse("quadratic:dim=1,rotate=0,L=1,mu=1,x0=1", &pv, &err) ||
        ds_optimizer_parse(opt, &ov, &err) || ds_schedule_parse(sched, &sv, &err))
        fail_msg("%s", err.msg);
    ds_run_spec rs = {.problem = &pv, .optimizer = &ov, .schedule = &sv, .seed = 1, .log_every = 1};
    ds_stop_defaults(&rs.stop);
    rs.stop.max_iters = n;
    if (ds_run(&rs, &res, &err))
        fail_msg("%s: %s", opt, err.msg);
    for (int k = 0; k <= n; k++)
        x[k] = res.trace.x[k];
    ds_result_free(&res);
    ds_values_free(&pv);
    ds_values_free(&ov);
    ds_values_free(&sv);
}

/* SGD without momentum under a constant-rate cycle on f = x^2/2 from 1:
 * the cycle gives it momentum 0.9, 0.85, 0.8 (step_size_up = 2), so
 * b = 1, x1 = 0.9; b = 0.85 + 0.9 = 1.75, x2 = 0.725;
 * b = 0.8 * 1.75 + 0.725 = 2.125, x3 = 0.5125. With cycle_momentum=0 it is
 * plain GD, 0.9^t. Adam's beta1 follows the cycle too. */
static void test_momentum_cycled_run(void **st)
{
    (void)st;
    double x[4];
    run_x("sgd:lr=0.1", "cyclic:base_lr=0.1,max_lr=0.1,step_size_up=2", x, 3);
    assert_close(x[1], 0.9, 1e-15);
    assert_close(x[2], 0.725, 1e-15);
    assert_close(x[3], 0.5125, 1e-15);
    run_x("sgd:lr=0.1", "cyclic:base_lr=0.1,max_lr=0.1,step_size_up=2,cycle_momentum=0", x, 3);
    assert_close(x[3], 0.729, 1e-15);
    /* Adam, constant rate 0.1, beta1 cycled 0.9, 0.85: step 1 moves by
     * lr m/(1-b1)/(sqrt(v/(1-b2)) + eps) = 0.1/(1 + eps) whatever b1; step 2
     * with b1 = 0.85: m = 0.85*0.1 + 0.15*x1 */
    run_x("adam:lr=0.1", "cyclic:base_lr=0.1,max_lr=0.1,step_size_up=2", x, 2);
    /* (the bias correction takes this step's beta1: 1 - 0.85^2, not 1 - 0.9 * 0.85) */
    double x1 = 1 - 0.1 / (1 + 1e-8);
    double m = 0.85 * 0.1 + 0.15 * x1, v = 0.999 * 0.001 + 0.001 * x1 * x1;
    double x2 = x1 - 0.1 * (m / (1 - 0.85 * 0.85)) / (sqrt(v / (1 - 0.999 * 0.999)) + 1e-8);
    assert_close(x[1], x1, 1e-15);
    assert_close(x[2], x2, 1e-14);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_constant),      cmocka_unit_test(test_step_seed),
        cmocka_unit_test(test_momentum_values), cmocka_unit_test(test_momentum_cycled_run),
        cmocka_unit_test(test_step_chained),  cmocka_unit_test(test_multistep),
        cmocka_unit_test(test_exponential),   cmocka_unit_test(test_cosine),
        cmocka_unit_test(test_cosine_restarts), cmocka_unit_test(test_onecycle),
        cmocka_unit_test(test_cyclic),        cmocka_unit_test(test_linear),
        cmocka_unit_test(test_polynomial),    cmocka_unit_test(test_warmup_cosine),
        cmocka_unit_test(test_inverse_sqrt),  cmocka_unit_test(test_wsd),
        cmocka_unit_test(test_robbins_monro), cmocka_unit_test(test_lr_range),
        cmocka_unit_test(test_start_over),    cmocka_unit_test(test_invalid),
        cmocka_unit_test(test_conformance),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
