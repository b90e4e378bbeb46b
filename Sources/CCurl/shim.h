#ifndef DESKWATCH_CCURL_SHIM_H
#define DESKWATCH_CCURL_SHIM_H

/*
 * Typed wrappers around libcurl's variadic entry points.
 *
 * Swift cannot call C variadic functions such as curl_easy_setopt or
 * curl_easy_getinfo, so each argument type gets one small static inline
 * function. The wrappers take the option as a parameter, which also keeps
 * curl's GCC type-check macros out of the way.
 */

#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>
#include <signal.h>
#include <stdio.h>

/* Signature shared by CURLOPT_WRITEFUNCTION, CURLOPT_HEADERFUNCTION and CURLOPT_READFUNCTION. */
typedef size_t (*ccurl_data_callback)(char *buffer, size_t size, size_t nitems, void *userdata);

/* CURLOPT_XFERINFOFUNCTION. */
typedef int (*ccurl_xferinfo_callback)(void *userdata, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                                       curl_off_t ulnow);

/* CURLOPT_SEEKFUNCTION. */
typedef int (*ccurl_seek_callback)(void *userdata, curl_off_t offset, int origin);

static inline CURLcode ccurl_global_init_all(void) { return curl_global_init(CURL_GLOBAL_ALL); }

/*
 * With CURLOPT_NOSIGNAL set, libcurl leaves SIGPIPE to the application, and libcurl 7.x still saves, ignores
 * and restores the process-wide SIGPIPE disposition around some connection shutdowns. Done from several
 * threads at once, that save and restore can put back the default (terminating) disposition after someone
 * else ignored it. Ignoring SIGPIPE once, before libcurl is used, makes every save and restore see "ignored".
 * A handler the process installed itself is left alone.
 */
static inline void ccurl_ignore_sigpipe_unless_handled(void) {
    struct sigaction current;
    if (sigaction(SIGPIPE, NULL, &current) == 0 && current.sa_handler == SIG_DFL) {
        struct sigaction ignore;
        sigemptyset(&ignore.sa_mask);
        ignore.sa_flags = 0;
        ignore.sa_handler = SIG_IGN;
        sigaction(SIGPIPE, &ignore, NULL);
    }
}

static inline size_t ccurl_error_size(void) { return CURL_ERROR_SIZE; }

static inline int ccurl_seek_set(void) { return SEEK_SET; }

static inline int ccurl_seekfunc_ok(void) { return CURL_SEEKFUNC_OK; }

static inline int ccurl_seekfunc_cantseek(void) { return CURL_SEEKFUNC_CANTSEEK; }

static inline size_t ccurl_readfunc_abort(void) { return CURL_READFUNC_ABORT; }

static inline CURLcode ccurl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ccurl_easy_setopt_off(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

/* Strings (copied by libcurl), user data pointers and the error buffer. */
static inline CURLcode ccurl_easy_setopt_pointer(CURL *handle, CURLoption option, const void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ccurl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *list) {
    return curl_easy_setopt(handle, option, list);
}

static inline CURLcode ccurl_easy_setopt_data_callback(CURL *handle, CURLoption option, ccurl_data_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

static inline CURLcode ccurl_easy_setopt_xferinfo_callback(CURL *handle, ccurl_xferinfo_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, callback);
}

static inline CURLcode ccurl_easy_setopt_seek_callback(CURL *handle, ccurl_seek_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_SEEKFUNCTION, callback);
}

static inline CURLcode ccurl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode ccurl_easy_getinfo_off(CURL *handle, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLMcode ccurl_multi_setopt_long(CURLM *multi, CURLMoption option, long value) {
    return curl_multi_setopt(multi, option, value);
}

/* The result code of a CURLMSG_DONE message (a union member in C). */
static inline CURLcode ccurl_message_result(const CURLMsg *message) { return message->data.result; }

#endif
