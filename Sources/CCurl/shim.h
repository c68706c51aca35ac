#ifndef PANELMAIL_CCURL_SHIM_H
#define PANELMAIL_CCURL_SHIM_H
// Typed wrappers around libcurl's variadic functions, which Swift cannot import.
// All C in panelmail lives in this target.
#include <curl/curl.h>

static inline CURLcode pm_setopt_long(CURL *h, CURLoption o, long v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode pm_setopt_off(CURL *h, CURLoption o, curl_off_t v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode pm_setopt_string(CURL *h, CURLoption o, const char *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode pm_setopt_pointer(CURL *h, CURLoption o, void *v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode pm_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return curl_easy_setopt(h, o, v); }
typedef size_t (*pm_data_callback)(char *ptr, size_t size, size_t nmemb, void *userdata);
static inline CURLcode pm_setopt_data_callback(CURL *h, CURLoption o, pm_data_callback v) { return curl_easy_setopt(h, o, v); }
static inline CURLcode pm_getinfo_long(CURL *h, CURLINFO i, long *v) { return curl_easy_getinfo(h, i, v); }
static inline CURLcode pm_getinfo_string(CURL *h, CURLINFO i, char **v) { return curl_easy_getinfo(h, i, v); }

#endif
