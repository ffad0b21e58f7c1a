/*
** scratch.h: what the fuzz targets that go through files share: a scratch
** folder of their own (made once per process) and the input written as a
** file in it.
*/
#ifndef BUDGETC_FUZZ_SCRATCH_H
#define BUDGETC_FUZZ_SCRATCH_H

#include "emit.h"

#include <stdio.h>
#include <unistd.h>

/* /tmp/budgetc-fuzz-NAME-PID, made on the first call. */
static const char *scratch_dir(const char *name)
{
    static char dir[64];
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/budgetc-fuzz-%s-%d", name, (int)getpid());
        out_mkdirs(dir);
    }
    return dir;
}

/* prefix (or nothing) then the input, as the file `file` of the folder;
** the path goes to out (96 bytes).  false when it cannot be written. */
static bool scratch_write(const char *dir, const char *file, const char *prefix,
                          const uint8_t *data, size_t size, char *out)
{
    snprintf(out, 96, "%s/%s", dir, file);
    FILE *f = fopen(out, "wb");
    if (!f)
        return false;
    if (prefix)
        fputs(prefix, f);
    fwrite(data, 1, size, f);
    return fclose(f) == 0;
}

#endif
