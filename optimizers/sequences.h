/* The scalar sequences of the accelerated methods, as small pure functions
 * shared by the optimizers (optimizers/agd.c, ogm.c, ogm_g.c, itm.c,
 * triple_momentum.c) and by the theorem checker in theory/, so that a bound
 * and the method it bounds are computed from one implementation.
 *
 * Sources: Beck & Teboulle 2009 (FISTA's lambda_t); Kim & Fessler 2016,
 * Thm 2 (OGM's theta_t); Kim & Fessler 2021, Sec 6.3 (OGM-G's reversed
 * theta~_t); Taylor & Drori 2022, Thm 3 (ITEM's A_t); Van Scoy, Freeman &
 * Lynch 2018 (triple momentum, in PEPit's parameterisation). */
#ifndef DS_SEQUENCES_H
#define DS_SEQUENCES_H

/* FISTA: lambda_1 = 1, lambda_{t+1} = (1 + sqrt(4 lambda_t^2 + 1))/2.
 * f(x_N) - f* <= L R^2 / (2 lambda_N^2) (x_N after N gradient steps).
 * t >= 1; NaN for t < 1. */
double ds_fista_lambda(long t);

/* One step of the "4" recursion: (1 + sqrt(1 + 4 a^2))/2. */
double ds_theta_next(double a);
/* The last step of OGM / the first of OGM-G: (1 + sqrt(1 + 8 a^2))/2. */
double ds_theta_last(double a);

/* OGM with horizon N: theta_0 = 1, theta_t = ds_theta_next(theta_{t-1})
 * for 1 <= t < N, theta_N = ds_theta_last(theta_{N-1}). For t > N the
 * "4" recursion continues from theta_N (what ogm.c does past its horizon;
 * no guarantee there). f(y_N) - f* <= L R^2 / (2 theta_N^2). */
double ds_ogm_theta(long t, long N);

/* OGM-G with horizon N: theta~_N = 1, theta~_t = ds_theta_next(theta~_{t+1})
 * for 1 <= t < N, theta~_0 = ds_theta_last(theta~_1) (N >= 1).
 * ||grad f(x_N)||^2 <= 2 L (f(x0) - f*) / theta~_0^2. Fills th[0..N]. */
void ds_ogmg_theta_fill(long N, double *th);
/* theta~_t alone (O(N - t)); 0 <= t <= N. */
double ds_ogmg_theta(long t, long N);

/* ITEM: A_0 = 0, A_{t+1} = [(1+q)A_t + 2(1 + sqrt((1+A_t)(1+q A_t)))]/(1-q)^2,
 * q = mu/L < 1. ||z_N - x*||^2 <= R^2/(1 + q A_N). */
double ds_item_next(double A, double q);
double ds_item_A(long t, double q);

/* Triple momentum as PEPit writes it: rho = 1 - 1/sqrt(kappa),
 * alpha = (1+rho)/L, beta = rho^2/(2-rho), gamma = rho^2/((1+rho)(2-rho)),
 * delta = rho^2/(1-rho^2). f(x_N) - f* <= rho^(2N) (L kappa/2) R^2. */
typedef struct ds_tm_coef {
    double rho, alpha, beta, gamma, delta;
} ds_tm_coef;
ds_tm_coef ds_tm_coefficients(double L, double mu);

#endif
