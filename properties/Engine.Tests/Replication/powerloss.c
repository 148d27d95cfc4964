/*
 * Power loss of chosen files, as FoundationDB's simulated disks model it, for the crash test (LD_PRELOAD).
 * Each fsync or fdatasync of a file whose path contains $FB_POWERLOSS_MATCH copies the file, as the OS holds
 * it at that moment, to PATH.synced: what a disk would still hold after a power cut. After killing the process,
 * the test replaces each such file by its .synced copy (or deletes it when it was never synced), so every write
 * not followed by a sync is lost. Directory syncs are not modelled: a file synced once keeps its name.
 * Build: cc -shared -fPIC -o powerloss.so powerloss.c -ldl
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void snapshot(int fd)
{
    const char *match = getenv("FB_POWERLOSS_MATCH");
    if (match == NULL || *match == '\0') return;
    char link[64], path[PATH_MAX], copy[PATH_MAX + 16], temp[PATH_MAX + 16];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, path, sizeof path - 1);
    if (n <= 0) return;
    path[n] = '\0';
    if (strstr(path, match) == NULL) return;
    snprintf(copy, sizeof copy, "%s.synced", path);
    snprintf(temp, sizeof temp, "%s.syncing", path);
    int in = open(path, O_RDONLY | O_CLOEXEC);
    if (in < 0) return;
    int out = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (out < 0) { close(in); return; }
    char buffer[1 << 16];
    ssize_t got;
    off_t at = 0;
    while ((got = pread(in, buffer, sizeof buffer, at)) > 0) {
        if (write(out, buffer, (size_t)got) != got) break;
        at += got;
    }
    close(in);
    close(out);
    rename(temp, copy); /* atomic: a kill during the copy keeps the previous synced state */
}

int fsync(int fd)
{
    static int (*real)(int);
    if (real == NULL) real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
    int result = real(fd);
    if (result == 0) snapshot(fd);
    return result;
}

int fdatasync(int fd)
{
    static int (*real)(int);
    if (real == NULL) real = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
    int result = real(fd);
    if (result == 0) snapshot(fd);
    return result;
}
