/* Process-wide set-up of the library, done once at start-up: the program
 * (cli/main.c) and the tests call it before anything else; a program that
 * embeds the library should too. Safe to call again, from any thread. */
#ifndef DS_INIT_H
#define DS_INIT_H

/* GSL's error handler off: GSL's default aborts the process, and library
 * code turns GSL's status codes into ds_err values instead (a matrix that
 * is not positive definite, an eigensolver that does not converge). */
void ds_init(void);

#endif
