/* DSDP's printing to standard output, silenced. Debian's libdsdp is built
 * with DSDPPrintf and DSDPErrorPrintf (dsdpsys.h) left at printf, and its
 * error handler writes to stdout as well, so every failed step of a solve
 * printed DSDP's error trace ("DSDP Error in function ...", "[0] DSDP:
 * ...", its event log's "Timing error") among the program's output;
 * library code never writes there. The Makefile renames DSDP's calls of
 * printf, puts, putchar, fprintf, fputs, fputc and fwrite to these: the
 * link-time form of the switch dsdpsys.h offers at compile time (its
 * MATLAB build sets both macros to mexPrintf). Writes to other streams
 * (DSDP's own files, none of which pep.c asks for) go through. DSDP's
 * errors still reach pep.c as return codes and stop reasons, which become
 * the one message the caller gets. */
#include <stdarg.h>
#include <stdio.h>

int ds_dsdp_printf(const char *format, ...);
int ds_dsdp_puts(const char *text);
int ds_dsdp_putchar(int c);
int ds_dsdp_fprintf(FILE *f, const char *format, ...);
int ds_dsdp_fputs(const char *text, FILE *f);
int ds_dsdp_fputc(int c, FILE *f);
size_t ds_dsdp_fwrite(const void *p, size_t size, size_t n, FILE *f);

int ds_dsdp_printf(const char *format, ...)
{
    (void)format;
    return 0;
}

int ds_dsdp_puts(const char *text)
{
    (void)text;
    return 0;
}

int ds_dsdp_putchar(int c)
{
    return c;
}

int ds_dsdp_fprintf(FILE *f, const char *format, ...)
{
    if (f == stdout)
        return 0;
    va_list ap;
    va_start(ap, format);
    int n = vfprintf(f, format, ap);
    va_end(ap);
    return n;
}

int ds_dsdp_fputs(const char *text, FILE *f)
{
    return f == stdout ? 0 : fputs(text, f);
}

int ds_dsdp_fputc(int c, FILE *f)
{
    return f == stdout ? c : fputc(c, f);
}

size_t ds_dsdp_fwrite(const void *p, size_t size, size_t n, FILE *f)
{
    return f == stdout ? n : fwrite(p, size, n, f);
}
