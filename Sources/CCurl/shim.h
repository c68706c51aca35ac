#ifndef PANELMAIL_CCURL_SHIM_H
#define PANELMAIL_CCURL_SHIM_H
// Typed wrappers around libcurl's variadic functions, which Swift cannot import,
// the few macros Swift cannot see, and one C library knob (malloc arenas). All C in
// panelmail lives in this target.
#include <curl/curl.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

// MARK: curl_easy_setopt

static inline CURLcode pm_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode pm_setopt_off(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode pm_setopt_string(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode pm_setopt_pointer(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode pm_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(h, o, v); }

/// Write, read and header callbacks share this shape.
typedef size_t (*pm_data_callback)(char *ptr, size_t size, size_t nmemb, void *userdata);
static inline CURLcode pm_setopt_data_callback(CURL *h, CURLoption o, pm_data_callback v) { return curl_easy_setopt(h, o, v); }

/// CURLOPT_DEBUGFUNCTION (only called while CURLOPT_VERBOSE is 1; nothing reaches stderr then).
typedef int (*pm_debug_callback)(CURL *h, curl_infotype type, char *data, size_t size, void *userdata);
static inline CURLcode pm_setopt_debug_callback(CURL *h, pm_debug_callback v) { return curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, v); }

/// CURLOPT_XFERINFOFUNCTION: a non-zero return aborts the transfer (CURLE_ABORTED_BY_CALLBACK).
typedef int (*pm_xferinfo_callback)(void *userdata, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow);
static inline CURLcode pm_setopt_xferinfo_callback(CURL *h, pm_xferinfo_callback v) { return curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, v); }

// MARK: curl_easy_getinfo

static inline CURLcode pm_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode pm_getinfo_off(CURL *h, CURLINFO i, curl_off_t *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode pm_getinfo_string(CURL *h, CURLINFO i, char **v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode pm_getinfo_socket(CURL *h, curl_socket_t *v) { return curl_easy_getinfo(h, CURLINFO_ACTIVESOCKET, v); }

// MARK: macros Swift does not import

static inline long pm_curl_global_all(void) { return CURL_GLOBAL_ALL; }
static inline size_t pm_curl_error_size(void) { return CURL_ERROR_SIZE; }
static inline size_t pm_readfunc_abort(void) { return CURL_READFUNC_ABORT; }
static inline unsigned int pm_curl_version_num(void) { return LIBCURL_VERSION_NUM; }
/// The version of the libcurl loaded at run time, e.g. "7.88.1".
static inline const char *pm_curl_runtime_version(void) { return curl_version_info(CURLVERSION_NOW)->version; }

/// 7.69 to 8.1 spell it with three Ls (an enum value); later releases keep that spelling as a macro alias.
static inline CURLoption pm_opt_mail_rcpt_allowfails(void) { return CURLOPT_MAIL_RCPT_ALLLOWFAILS; }

// MARK: the C library

/// glibc's mallopt(M_ARENA_MAX, n): at most n malloc arenas. 0 where there is no glibc.
static inline int pm_limit_malloc_arenas(int n) {
#if defined(__GLIBC__)
    return mallopt(M_ARENA_MAX, n);
#else
    (void)n;
    return 0;
#endif
}

#endif
