/* LD_PRELOAD shim for the power-cut test: logs, in order, every write to a file whose path contains $FSYNC_LOG_MATCH,
 * every fsync/fdatasync of such a file or folder, every such file created, and every write to fd 1 (the child's
 * acknowledgements). The test replays the log as a power cut would: a write not yet followed by an fsync of its file
 * (or a new file whose folder was not yet fsynced) is lost. Nothing is changed: every call goes on to libc. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static int log_fd = -2;
static const char *match;
static ssize_t (*real_write)(int, const void *, size_t);

static void init(void) {
    if (log_fd != -2) return;
    real_write = dlsym(RTLD_NEXT, "write");
    const char *path = getenv("FSYNC_LOG");
    match = getenv("FSYNC_LOG_MATCH");
    int (*real_open)(const char *, int, ...) = dlsym(RTLD_NEXT, "open");
    log_fd = path ? real_open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644) : -1;
}

static void emit(char kind, const char *path) {
    char line[4200];
    int n = snprintf(line, sizeof line, "%c %s\n", kind, path);
    if (n > 0 && log_fd >= 0) real_write(log_fd, line, (size_t)(n < (int)sizeof line ? n : (int)sizeof line - 1));
}

static void note_fd(char kind, int fd) {
    int saved = errno;
    pthread_mutex_lock(&mu);
    init();
    if (log_fd >= 0) {
        if (fd == 1 && kind == 'W') {
            emit('A', "-");
        } else {
            char link[64], path[4096];
            snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
            ssize_t n = readlink(link, path, sizeof path - 1);
            if (n > 0) {
                path[n] = 0;
                if (match && strstr(path, match)) emit(kind, path);
            }
        }
    }
    pthread_mutex_unlock(&mu);
    errno = saved;
}

static void note_create(const char *path, int flags, int existed) {
    if (!(flags & O_CREAT) || existed || !path) return;
    int saved = errno;
    pthread_mutex_lock(&mu);
    init();
    if (log_fd >= 0 && match && strstr(path, match)) {
        char full[4096];
        if (path[0] == '/' || !getcwd(full, sizeof full)) emit('C', path);
        else { strncat(full, "/", sizeof full - strlen(full) - 1); strncat(full, path, sizeof full - strlen(full) - 1); emit('C', full); }
    }
    pthread_mutex_unlock(&mu);
    errno = saved;
}

static int exists(const char *path) { struct stat st; int saved = errno; int r = path && stat(path, &st) == 0; errno = saved; return r; }

#define OPEN_WRAPPER(name)                                                     \
    int name(const char *path, int flags, ...) {                              \
        static int (*real)(const char *, int, ...);                           \
        if (!real) real = dlsym(RTLD_NEXT, #name);                            \
        mode_t mode = 0;                                                      \
        if (flags & (O_CREAT | __O_TMPFILE)) { va_list ap; va_start(ap, flags); mode = va_arg(ap, int); va_end(ap); } \
        int existed = (flags & O_CREAT) ? exists(path) : 1;                  \
        int fd = real(path, flags, mode);                                     \
        if (fd >= 0) note_create(path, flags, existed);                       \
        return fd;                                                            \
    }
OPEN_WRAPPER(open)
OPEN_WRAPPER(open64)

ssize_t write(int fd, const void *buf, size_t n) {
    static ssize_t (*real)(int, const void *, size_t);
    if (!real) real = dlsym(RTLD_NEXT, "write");
    ssize_t r = real(fd, buf, n);
    if (r > 0) note_fd('W', fd);
    return r;
}
ssize_t pwrite(int fd, const void *buf, size_t n, off_t off) {
    static ssize_t (*real)(int, const void *, size_t, off_t);
    if (!real) real = dlsym(RTLD_NEXT, "pwrite");
    ssize_t r = real(fd, buf, n, off);
    if (r > 0) note_fd('W', fd);
    return r;
}
ssize_t pwrite64(int fd, const void *buf, size_t n, off_t off) {
    static ssize_t (*real)(int, const void *, size_t, off_t);
    if (!real) real = dlsym(RTLD_NEXT, "pwrite64");
    ssize_t r = real(fd, buf, n, off);
    if (r > 0) note_fd('W', fd);
    return r;
}
ssize_t writev(int fd, const struct iovec *iov, int cnt) {
    static ssize_t (*real)(int, const struct iovec *, int);
    if (!real) real = dlsym(RTLD_NEXT, "writev");
    ssize_t r = real(fd, iov, cnt);
    if (r > 0) note_fd('W', fd);
    return r;
}
int fsync(int fd) {
    static int (*real)(int);
    if (!real) real = dlsym(RTLD_NEXT, "fsync");
    int r = real(fd);
    if (r == 0) note_fd('S', fd);
    return r;
}
int fdatasync(int fd) {
    static int (*real)(int);
    if (!real) real = dlsym(RTLD_NEXT, "fdatasync");
    int r = real(fd);
    if (r == 0) note_fd('S', fd);
    return r;
}
