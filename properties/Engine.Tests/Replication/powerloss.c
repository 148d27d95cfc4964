/*
 * Power loss of chosen files, as FoundationDB's simulated disks model it, for the crash test (LD_PRELOAD).
 * Each fsync or fdatasync of a file whose path contains $FB_POWERLOSS_MATCH copies the file, as the OS holds
 * it at that moment, to PATH.synced: what a disk would still hold after a power cut. Each pwrite to such a file
 * since its last sync is logged to PATH.unsynced (offset, length, bytes), so the test can also keep a seeded part
 * of them, as a disk that wrote some sectors of a commit and not others. After killing the process, the test
 * replaces each such file by its .synced copy (or deletes it when it was never synced) and applies its part of the
 * log. $FB_POWERLOSS_KILL_AT_WRITE=N kills the process (SIGKILL) right after the Nth such pwrite: inside a
 * commit. $FB_POWERLOSS_EVENTS_FILE receives a 'w' per such pwrite and an 's' per sync of such a file, in order,
 * so a test can aim its kills inside commits (a write followed by another before the sync).
 * Directory syncs are not modelled: a file synced once keeps its name.
 * Build: cc -shared -fPIC -o powerloss.so powerloss.c -ldl
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/types.h>
#include <unistd.h>

static long writes_seen;

/* The watched file's path for fd, or 0 when fd is not one (the shim's own copies are never watched). */
static int watched(int fd, char *path, size_t size)
{
    const char *match = getenv("FB_POWERLOSS_MATCH");
    if (match == NULL || *match == '\0') return 0;
    char link[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, path, size - 1);
    if (n <= 0) return 0;
    path[n] = '\0';
    return strstr(path, match) != NULL && strstr(path, ".synced") == NULL && strstr(path, ".unsynced") == NULL
        && strstr(path, ".syncing") == NULL;
}

static void record_event(char kind)
{
    const char *file = getenv("FB_POWERLOSS_EVENTS_FILE");
    if (file == NULL || *file == '\0') return;
    int out = open(file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (out < 0) return;
    (void)!write(out, &kind, 1);
    close(out);
}

static void log_unsynced(const char *path, const void *data, size_t length, off_t offset)
{
    char log[PATH_MAX + 16];
    snprintf(log, sizeof log, "%s.unsynced", path);
    int out = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (out < 0) return;
    long long at = (long long)offset, len = (long long)length;
    if (write(out, &at, sizeof at) == sizeof at && write(out, &len, sizeof len) == sizeof len) (void)!write(out, data, length);
    close(out);
}

static void after_write(int fd, const void *data, ssize_t written, off_t offset)
{
    char path[PATH_MAX];
    if (written <= 0 || !watched(fd, path, sizeof path)) return;
    log_unsynced(path, data, (size_t)written, offset);
    record_event('w');
    writes_seen++;
    const char *kill_at = getenv("FB_POWERLOSS_KILL_AT_WRITE");
    if (kill_at != NULL && atol(kill_at) == writes_seen) kill(getpid(), SIGKILL);
}

ssize_t pwrite64(int fd, const void *data, size_t length, off_t offset)
{
    static ssize_t (*real)(int, const void *, size_t, off_t);
    if (real == NULL) real = (ssize_t (*)(int, const void *, size_t, off_t))dlsym(RTLD_NEXT, "pwrite64");
    ssize_t written = real(fd, data, length, offset);
    after_write(fd, data, written, offset);
    return written;
}

ssize_t pwrite(int fd, const void *data, size_t length, off_t offset)
{
    static ssize_t (*real)(int, const void *, size_t, off_t);
    if (real == NULL) real = (ssize_t (*)(int, const void *, size_t, off_t))dlsym(RTLD_NEXT, "pwrite");
    ssize_t written = real(fd, data, length, offset);
    after_write(fd, data, written, offset);
    return written;
}


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
    record_event('s');
    char log[PATH_MAX + 16];
    snprintf(log, sizeof log, "%s.unsynced", path);
    unlink(log); /* everything written so far is synced now */
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
