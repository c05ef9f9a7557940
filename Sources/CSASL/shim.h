#ifndef ZKSCOPE_CSASL_SHIM_H
#define ZKSCOPE_CSASL_SHIM_H
// Cyrus SASL (libsasl2), the library ZooKeeper's own C client uses for DIGEST-MD5 and GSSAPI.
#include <sasl/sasl.h>
#include <string.h>
#include <stdlib.h>
#include <pthread.h>
#include <stdio.h>
#include <gssapi/gssapi.h>
#include <gssapi/gssapi_krb5.h>
#include <gssapi/gssapi_ext.h>

// Result codes and callback ids are macros; Swift imports simple integer macros, these are here so every
// use goes through one place and reads the same as the C client's code.
static inline int zk_sasl_ok(void) { return SASL_OK; }
static inline int zk_sasl_continue(void) { return SASL_CONTINUE; }

// Cyrus keeps a pointer to the secret it is handed; the session owns one allocation and wipes it on release.
static inline sasl_secret_t *zk_sasl_secret_new(const unsigned char *bytes, size_t length) {
    sasl_secret_t *secret = (sasl_secret_t *)calloc(1, sizeof(sasl_secret_t) + length + 1);
    if (!secret) return NULL;
    secret->len = (unsigned long)length;
    if (length > 0) memcpy(secret->data, bytes, length);
    return secret;
}

static inline void zk_sasl_secret_free(sasl_secret_t *secret) {
    if (!secret) return;
    volatile unsigned char *data = secret->data;
    for (unsigned long i = 0; i < secret->len; i++) data[i] = 0;
    free(secret);
}

// Who the session authenticates as. Cyrus asks for these through the callbacks below, with this struct as their
// context; it must outlive the sasl_conn_t (the Swift session owns both and frees this after sasl_dispose).
typedef struct zk_sasl_identity {
    char *user;              // authentication and authorization name (NUL-terminated copy)
    sasl_secret_t *secret;   // the password, wiped and freed with the identity
    sasl_callback_t callbacks[5];
} zk_sasl_identity;

static int zk_sasl_simple(void *context, int id, const char **result, unsigned *len) {
    zk_sasl_identity *identity = (zk_sasl_identity *)context;
    if (!identity || !result) return SASL_BADPARAM;
    if (id != SASL_CB_USER && id != SASL_CB_AUTHNAME) return SASL_BADPARAM;
    *result = identity->user;
    if (len) *len = (unsigned)strlen(identity->user);
    return SASL_OK;
}

static int zk_sasl_getsecret(sasl_conn_t *conn, void *context, int id, sasl_secret_t **psecret) {
    zk_sasl_identity *identity = (zk_sasl_identity *)context;
    if (!conn || !identity || !psecret || id != SASL_CB_PASS || !identity->secret) return SASL_BADPARAM;
    *psecret = identity->secret;
    return SASL_OK;
}

// DIGEST-MD5: take the realm the server offers (ZooKeeper's is "zk-sasl-md5"), as the Java client does.
static int zk_sasl_getrealm(void *context, int id, const char **availrealms, const char **result) {
    (void)context;
    if (id != SASL_CB_GETREALM || !result) return SASL_BADPARAM;
    *result = (availrealms && availrealms[0]) ? availrealms[0] : "";
    return SASL_OK;
}

typedef int (*zk_sasl_proc)(void);

// Copies user and password; returns NULL when out of memory.
static inline zk_sasl_identity *zk_sasl_identity_new(const char *user, const unsigned char *password, size_t length) {
    zk_sasl_identity *identity = (zk_sasl_identity *)calloc(1, sizeof(zk_sasl_identity));
    if (!identity) return NULL;
    identity->user = strdup(user);
    identity->secret = zk_sasl_secret_new(password, length);
    if (!identity->user || !identity->secret) {
        free(identity->user);
        zk_sasl_secret_free(identity->secret);
        free(identity);
        return NULL;
    }
    sasl_callback_t callbacks[5] = {
        { SASL_CB_GETREALM, (zk_sasl_proc)&zk_sasl_getrealm, identity },
        { SASL_CB_USER, (zk_sasl_proc)&zk_sasl_simple, identity },
        { SASL_CB_AUTHNAME, (zk_sasl_proc)&zk_sasl_simple, identity },
        { SASL_CB_PASS, (zk_sasl_proc)&zk_sasl_getsecret, identity },
        { SASL_CB_LIST_END, NULL, NULL },
    };
    memcpy(identity->callbacks, callbacks, sizeof callbacks);
    return identity;
}

// Wipes the password and frees everything.
static inline void zk_sasl_identity_free(zk_sasl_identity *identity) {
    if (!identity) return;
    zk_sasl_secret_free(identity->secret);
    free(identity->user);
    free(identity);
}

// sasl_setprop takes a const void *; the security properties struct needs a stable address for the call.
static inline int zk_sasl_set_no_security_layer(sasl_conn_t *conn) {
    sasl_security_properties_t props;
    memset(&props, 0, sizeof props);
    props.min_ssf = 0;
    props.max_ssf = 0;  // ZooKeeper's wire has no SASL security layer: authentication only (qop=auth)
    props.maxbufsize = 0;
    return sasl_setprop(conn, SASL_SEC_PROPS, &props);
}
// Cyrus's default mutex functions do nothing; plugins (DIGEST-MD5's re-authentication cache) lock through them,
// and zkscope runs exchanges on several event-loop threads at once. Real pthread mutexes, installed before init.
static void *zk_sasl_mutex_alloc(void) {
    pthread_mutex_t *mutex = (pthread_mutex_t *)malloc(sizeof(pthread_mutex_t));
    if (mutex && pthread_mutex_init(mutex, NULL) != 0) { free(mutex); return NULL; }
    return mutex;
}
static int zk_sasl_mutex_lock(void *mutex) { return pthread_mutex_lock((pthread_mutex_t *)mutex) == 0 ? SASL_OK : SASL_FAIL; }
static int zk_sasl_mutex_unlock(void *mutex) {
    return pthread_mutex_unlock((pthread_mutex_t *)mutex) == 0 ? SASL_OK : SASL_FAIL;
}
static void zk_sasl_mutex_free(void *mutex) {
    if (!mutex) return;
    pthread_mutex_destroy((pthread_mutex_t *)mutex);
    free(mutex);
}

// sasl_client_init with thread-safe mutexes; call once per process.
static inline int zk_sasl_client_init(void) {
    sasl_set_mutex(&zk_sasl_mutex_alloc, &zk_sasl_mutex_lock, &zk_sasl_mutex_unlock, &zk_sasl_mutex_free);
    return sasl_client_init(NULL);
}
// ---- Kerberos (GSSAPI) initiator credentials, handed to Cyrus's GSSAPI plugin with SASL_GSS_CREDS ----

// The GSS major and minor status in words (gss_display_status), into buffer.
static inline void zk_gss_describe(OM_uint32 major, OM_uint32 minor, char *buffer, size_t length) {
    if (!buffer || length == 0) return;
    buffer[0] = 0;
    size_t used = 0;
    OM_uint32 codes[2] = { major, minor };
    int types[2] = { GSS_C_GSS_CODE, GSS_C_MECH_CODE };
    for (int i = 0; i < 2; i++) {
        if (i == 1 && minor == 0) break;
        OM_uint32 context = 0, ignored = 0;
        do {
            gss_buffer_desc text = GSS_C_EMPTY_BUFFER;
            if (gss_display_status(&ignored, codes[i], types[i], GSS_C_NO_OID, &context, &text) != GSS_S_COMPLETE) break;
            // A mechanism code that says only "Success" adds nothing to the major status.
            if (i == 1 && text.length == 7 && memcmp(text.value, "Success", 7) == 0) {
                gss_release_buffer(&ignored, &text);
                break;
            }
            int written = snprintf(buffer + used, length - used, "%s%.*s", used ? "; " : "", (int)text.length,
                                   (const char *)text.value);
            gss_release_buffer(&ignored, &text);
            if (written < 0 || (size_t)written >= length - used) return;
            used += (size_t)written;
        } while (context != 0);
    }
}

// Acquires Kerberos initiator credentials. principal NULL: the ticket cache's default principal. keytab non-NULL:
// MIT's client-keytab initiation (tickets got from the keytab into ccache, and got again before they expire).
// ccache NULL: the default cache (KRB5CCNAME). Resolves them at once (gss_inquire_cred), so a missing key, an
// unknown principal, an unreachable KDC or an expired ticket is reported here. Returns 0 with *cred and *lifetime
// set, or -1 with the reason in error.
static inline int zk_gss_acquire(const char *principal, const char *keytab, const char *ccache, gss_cred_id_t *cred,
                                 OM_uint32 *lifetime, char *error, size_t errorLength) {
    OM_uint32 minor = 0, major;
    gss_name_t name = GSS_C_NO_NAME;
    *cred = GSS_C_NO_CREDENTIAL;
    if (principal && principal[0]) {
        gss_buffer_desc text = { strlen(principal), (void *)principal };
        major = gss_import_name(&minor, &text, GSS_KRB5_NT_PRINCIPAL_NAME, &name);
        if (GSS_ERROR(major)) { zk_gss_describe(major, minor, error, errorLength); return -1; }
    }
    gss_key_value_element_desc elements[2];
    gss_key_value_set_desc store = { 0, elements };
    if (keytab) { elements[store.count].key = "client_keytab"; elements[store.count].value = keytab; store.count++; }
    if (ccache) { elements[store.count].key = "ccache"; elements[store.count].value = ccache; store.count++; }
    gss_OID_set_desc mechs = { 1, (gss_OID)gss_mech_krb5 };
    major = gss_acquire_cred_from(&minor, name, GSS_C_INDEFINITE, &mechs, GSS_C_INITIATE,
                                  store.count ? &store : GSS_C_NO_CRED_STORE, cred, NULL, NULL);
    if (name != GSS_C_NO_NAME) { OM_uint32 ignored; gss_release_name(&ignored, &name); }
    if (GSS_ERROR(major)) { zk_gss_describe(major, minor, error, errorLength); *cred = GSS_C_NO_CREDENTIAL; return -1; }
    OM_uint32 life = 0;
    major = gss_inquire_cred(&minor, *cred, NULL, &life, NULL, NULL);
    if (GSS_ERROR(major) || life == 0) {
        if (GSS_ERROR(major)) zk_gss_describe(major, minor, error, errorLength);
        else snprintf(error, errorLength, "the credentials have expired");
        OM_uint32 ignored;
        gss_release_cred(&ignored, cred);
        *cred = GSS_C_NO_CREDENTIAL;
        return -1;
    }
    if (lifetime) *lifetime = life;
    return 0;
}

static inline void zk_gss_release(gss_cred_id_t cred) {
    if (cred == GSS_C_NO_CREDENTIAL) return;
    OM_uint32 minor;
    gss_release_cred(&minor, &cred);
}

// Cyrus keeps the pointer: the credentials must outlive the sasl_conn_t.
static inline int zk_sasl_set_gss_credentials(sasl_conn_t *conn, gss_cred_id_t cred) {
    return sasl_setprop(conn, SASL_GSS_CREDS, cred);
}
#endif
