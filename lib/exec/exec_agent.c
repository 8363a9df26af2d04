/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/exec/exec_agent.c - requests, the resource-class table, and the
 * environment / stdin each class gives its agents.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/results.h"
#include "exec/exec_agent.h"

#define REASON_PREFIX "ocf-exit-reason:"

struct build_ctx {
    const struct ha_exec_paths *paths;
    const ha_exec_request_t *req;
    GHashTable *env;             /* name -> value (borrowed or owned below) */
    GString *stdin_data;         /* NULL unless the class uses stdin */
    const char *agent_action;
    char *path;
};

struct exec_class {
    const char *name;
    gboolean has_provider;
    gboolean is_virtual;
    enum ha_exec_rc_kind rc_kind;
    const char *metadata_action;
    char *(*locate)(const struct ha_exec_paths *paths, const char *provider,
                    const char *type);
    int (*build)(struct build_ctx *ctx);
    int (*list)(const struct ha_exec_paths *paths, const char *provider,
                GPtrArray *names);
};

/* ---- requests ---- */

ha_exec_request_t *
ha_exec_request_new(const char *rsc_id, const char *rclass,
                    const char *provider, const char *type,
                    const char *action, guint interval_ms, guint timeout_ms)
{
    ha_exec_request_t *req = g_new0(ha_exec_request_t, 1);

    req->rsc_id = g_strdup(rsc_id);
    req->rclass = g_strdup(rclass);
    req->provider = ((provider != NULL) && (provider[0] != '\0'))
                    ? g_strdup(provider) : NULL;
    req->type = g_strdup(type);
    req->action = g_strdup(action);
    req->interval_ms = interval_ms;
    req->timeout_ms = timeout_ms;
    req->params = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    req->meta = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    return req;
}

static void
copy_table(GHashTable *from, GHashTable *to)
{
    GHashTableIter it;
    gpointer k, v;

    g_hash_table_iter_init(&it, from);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        g_hash_table_replace(to, g_strdup(k), g_strdup(v));
    }
}

ha_exec_request_t *
ha_exec_request_copy(const ha_exec_request_t *req)
{
    ha_exec_request_t *copy =
        ha_exec_request_new(req->rsc_id, req->rclass, req->provider, req->type,
                            req->action, req->interval_ms, req->timeout_ms);

    copy_table(req->params, copy->params);
    copy_table(req->meta, copy->meta);
    return copy;
}

void
ha_exec_request_free(ha_exec_request_t *req)
{
    if (req == NULL) {
        return;
    }
    g_free(req->rsc_id);
    g_free(req->rclass);
    g_free(req->provider);
    g_free(req->type);
    g_free(req->action);
    if (req->params != NULL) {
        g_hash_table_destroy(req->params);
    }
    if (req->meta != NULL) {
        g_hash_table_destroy(req->meta);
    }
    g_free(req);
}

void
ha_exec_request_set_param(ha_exec_request_t *req, const char *name,
                          const char *value)
{
    g_hash_table_replace(req->params, g_strdup(name), g_strdup(value));
}

void
ha_exec_request_set_meta(ha_exec_request_t *req, const char *name,
                         const char *value)
{
    char *key = g_strdup(name);

    g_strdelimit(key, "-", '_');
    g_hash_table_replace(req->meta, key, g_strdup(value));
}

/* ---- validation ---- */

static gboolean
name_ok(const char *s, gsize max, const char *extra)
{
    gsize len;

    if ((s == NULL) || (s[0] == '\0')) {
        return FALSE;
    }
    len = strlen(s);
    if (len > max) {
        return FALSE;
    }
    for (gsize i = 0; i < len; i++) {
        if (!g_ascii_isalnum(s[i]) && (s[i] != '_')
            && ((extra == NULL) || (strchr(extra, s[i]) == NULL))) {
            return FALSE;
        }
    }
    return TRUE;
}

/* Agent names end up in a path: no '/', no leading '.'. */
static gboolean
path_component_ok(const char *s)
{
    return name_ok(s, HA_EXEC_NAME_MAX, "-.+@") && (s[0] != '.');
}

static int
table_validate(GHashTable *t, gboolean line_safe)
{
    GHashTableIter it;
    gpointer k, v;

    g_hash_table_iter_init(&it, t);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        if (!name_ok(k, HA_EXEC_PARAM_NAME_MAX, NULL)) {
            return -EINVAL;
        }
        if (strlen(v) > HA_EXEC_PARAM_VALUE_MAX) {
            return -HA_ETOOBIG;
        }
        /* A newline would inject a key into a fence agent's stdin. */
        if (line_safe && (strpbrk(v, "\r\n") != NULL)) {
            return -EINVAL;
        }
    }
    return 0;
}

static const struct exec_class *class_find(const char *name);

int
ha_exec_request_validate(const ha_exec_request_t *req)
{
    const struct exec_class *cls;
    int rc;

    if ((req == NULL) || (req->rclass == NULL)) {
        return -EINVAL;
    }
    cls = class_find(req->rclass);
    if (cls == NULL) {
        return -HA_EUNSUPPORTED;
    }
    if (!name_ok(req->rsc_id, HA_EXEC_NAME_MAX, "-.:@")
        || !path_component_ok(req->type)
        || !name_ok(req->action, HA_EXEC_NAME_MAX, "-")) {
        return -EINVAL;
    }
    if (cls->has_provider != (req->provider != NULL)) {
        return -EINVAL;
    }
    if ((req->provider != NULL) && !path_component_ok(req->provider)) {
        return -EINVAL;
    }
    if (g_hash_table_size(req->params) + g_hash_table_size(req->meta)
        > HA_EXEC_PARAMS_MAX) {
        return -HA_ETOOBIG;
    }
    rc = table_validate(req->params, cls->rc_kind == HA_EXEC_RC_FENCE);
    if (rc == 0) {
        rc = table_validate(req->meta, cls->rc_kind == HA_EXEC_RC_FENCE);
    }
    return rc;
}

/* ---- defaults ---- */

#define HA_OCF_ROOT_DISTRO "/usr/lib/ocf"

/*
 * paths->ocf_root is a search path, "DIR[:DIR...]": the root of an agent is
 * the first that has it (the first root when none has it).  Returns a new
 * string.
 */
static char *
ocf_root_of(const struct ha_exec_paths *paths, const char *provider,
            const char *type)
{
    g_auto(GStrv) roots = g_strsplit(paths->ocf_root, ":", -1);

    for (char **r = roots; *r != NULL && provider != NULL; r++) {
        g_autofree char *path = g_build_filename(*r, "resource.d", provider,
                                                 type, NULL);

        if (**r != '\0' && g_file_test(path, G_FILE_TEST_EXISTS)) {
            return g_strdup(*r);
        }
    }
    return g_strdup(roots[0] != NULL ? roots[0] : "");
}

const struct ha_exec_paths *
ha_exec_paths_default(void)
{
    static const struct ha_exec_paths defaults = {
        /* ours first, then the distribution's resource-agents */
        .ocf_root = HA_OCF_ROOT ":" HA_OCF_ROOT_DISTRO,
        .fence_dir = HA_SBINDIR ":/usr/sbin",
        .lsb_dir = "/etc/init.d",
        .rsctmp = "/run/resource-agents",
        .node_name = NULL,
        .tools_dir = HA_LIBEXECDIR "/pcmk-tools",
    };

    return &defaults;
}

/* ---- environment helpers ---- */

static void
env_set(struct build_ctx *ctx, const char *name, const char *value)
{
    g_hash_table_replace(ctx->env, g_strdup(name), g_strdup(value));
}

static void
env_set_uint(struct build_ctx *ctx, const char *name, guint value)
{
    g_hash_table_replace(ctx->env, g_strdup(name),
                         g_strdup_printf("%u", value));
}

/* The agents' PATH: where this build installs its tools (hactl, which
 * agents run to publish promotion scores, is in sbindir) first, whatever
 * the prefix, then the system directories; each directory once. */
static char *
agent_path(void)
{
    static const char *const dirs[] = { HA_SBINDIR, HA_BINDIR, "/usr/sbin",
                                        "/usr/bin", "/sbin", "/bin" };
    GString *path = g_string_new(NULL);

    for (gsize i = 0; i < G_N_ELEMENTS(dirs); i++) {
        gboolean seen = FALSE;

        for (gsize k = 0; k < i && !seen; k++) {
            seen = (strcmp(dirs[k], dirs[i]) == 0);
        }
        if (!seen) {
            g_string_append_printf(path, "%s%s", (path->len > 0) ? ":" : "",
                                   dirs[i]);
        }
    }
    return g_string_free(path, FALSE);
}

static void
env_base(struct build_ctx *ctx)
{
    const char *tools = ctx->paths->tools_dir;
    g_autofree char *base = agent_path();

    /* ha's own crm_attribute, crm_node ... come before any Pacemaker's,
     * then this build's sbindir/bindir (hactl), then the system's */
    if (tools != NULL && tools[0] != '\0') {
        g_autofree char *path = g_strconcat(tools, ":", base, NULL);

        env_set(ctx, "PATH", path);
    } else {
        env_set(ctx, "PATH", base);
    }
    env_set(ctx, "LC_ALL", "C");
    env_set(ctx, "HA_RSCTMP", ctx->paths->rsctmp);
}

static const char *
node_name(const struct ha_exec_paths *paths)
{
    return (paths->node_name != NULL) ? paths->node_name : g_get_host_name();
}

/* Pacemaker's names before 2.0 (master_max ...), which agents still
 * read, for every caller: the DC, hactl resource debug, ha-execd-cli. */
static void
env_meta_aliases(struct build_ctx *ctx)
{
    static const char *const aliases[][2] = {
        { "promoted_max", "master_max" },
        { "promoted_node_max", "master_node_max" },
    };

    for (gsize i = 0; i < G_N_ELEMENTS(aliases); i++) {
        const char *v = g_hash_table_lookup(ctx->req->meta, aliases[i][0]);
        g_autofree char *name = g_strdup_printf("OCF_RESKEY_CRM_meta_%s",
                                                aliases[i][1]);

        if (v != NULL && !g_hash_table_contains(ctx->req->meta, aliases[i][1])) {
            env_set(ctx, name, v);
        }
    }
}

static void
env_ocf_meta(struct build_ctx *ctx)
{
    const ha_exec_request_t *req = ctx->req;
    GHashTableIter it;
    gpointer k, v;

    g_hash_table_iter_init(&it, req->meta);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        g_autofree char *name = g_strdup_printf("OCF_RESKEY_CRM_meta_%s",
                                                (const char *) k);

        env_set(ctx, name, v);
    }
    env_meta_aliases(ctx);
    /* What the executor knows wins over anything the caller passed. */
    env_set_uint(ctx, "OCF_RESKEY_CRM_meta_timeout", req->timeout_ms);
    env_set(ctx, "OCF_RESKEY_CRM_meta_name", req->action);
    env_set(ctx, "OCF_RESKEY_CRM_meta_on_node", node_name(ctx->paths));
    if ((strcmp(req->action, "monitor") == 0) || (req->interval_ms > 0)) {
        /* Every monitor says its interval: 0 marks a probe. */
        env_set_uint(ctx, "OCF_RESKEY_CRM_meta_interval", req->interval_ms);
    }
}

static int
build_ocf(struct build_ctx *ctx)
{
    const ha_exec_request_t *req = ctx->req;
    GHashTableIter it;
    gpointer k, v;

    g_autofree char *root = ocf_root_of(ctx->paths, req->provider, req->type);

    env_base(ctx);
    env_set(ctx, "OCF_ROOT", root);
    env_set(ctx, "OCF_RA_VERSION_MAJOR", "1");
    env_set(ctx, "OCF_RA_VERSION_MINOR", "1");
    env_set(ctx, "OCF_RESOURCE_INSTANCE", req->rsc_id);
    env_set(ctx, "OCF_RESOURCE_TYPE", req->type);
    env_set(ctx, "OCF_RESOURCE_PROVIDER", req->provider);
    env_set(ctx, "OCF_EXIT_REASON_PREFIX", REASON_PREFIX);
    env_set(ctx, "OCF_OUTPUT_FORMAT", "text");
    env_set(ctx, "HA_logfacility", "none");
    env_set(ctx, "HA_debug", "0");
    env_set(ctx, "OCF_RESKEY_crm_feature_set", HA_EXEC_CRM_FEATURE_SET);
    if (ctx->paths->tools_dir != NULL && ctx->paths->tools_dir[0] != '\0') {
        /* agents call ${HA_SBIN_DIR}/crm_attribute ... by path */
        env_set(ctx, "HA_SBIN_DIR", ctx->paths->tools_dir);
    }
    if (ctx->paths->hacd_name != NULL) {
        env_set(ctx, "HA_IPC_NAME", ctx->paths->hacd_name);
    }
    g_hash_table_iter_init(&it, req->params);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        g_autofree char *name = NULL;

        if (strcmp(k, "OCF_CHECK_LEVEL") == 0) {
            env_set(ctx, "OCF_CHECK_LEVEL", v);
            continue;
        }
        name = g_strdup_printf("OCF_RESKEY_%s", (const char *) k);
        env_set(ctx, name, v);
    }
    env_ocf_meta(ctx);
    return 0;
}

/* "node1:1;node2:2,3" -> the alias of @target, or NULL. */
static char *
host_map_lookup(const char *map, const char *target)
{
    g_auto(GStrv) entries = g_strsplit_set(map, "; \t", -1);

    for (char **e = entries; *e != NULL; e++) {
        const char *colon = strchr(*e, ':');

        if ((colon != NULL) && (strncmp(*e, target, (gsize) (colon - *e)) == 0)
            && (strlen(target) == (gsize) (colon - *e))) {
            return g_strdup(colon + 1);
        }
    }
    return NULL;
}

static gboolean
fence_param_passed(const char *name)
{
    return (strcmp(name, "action") != 0) && !g_str_has_prefix(name, "pcmk_")
           && !g_str_has_prefix(name, "CRM_meta") && (strcmp(name, "crm_feature_set") != 0);
}

static void
fence_target_lines(struct build_ctx *ctx, const char *target)
{
    GHashTable *params = ctx->req->params;
    const char *host_arg = g_hash_table_lookup(params, "pcmk_host_argument");
    const char *map = g_hash_table_lookup(params, "pcmk_host_map");
    g_autofree char *alias = NULL;

    g_string_append_printf(ctx->stdin_data, "nodename=%s\n", target);
    if (host_arg == NULL) {
        host_arg = "port";
    }
    if (strcmp(host_arg, "none") == 0) {
        return;
    }
    alias = (map != NULL) ? host_map_lookup(map, target) : NULL;
    g_string_append_printf(ctx->stdin_data, "%s=%s\n", host_arg,
                           (alias != NULL) ? alias : target);
}

static int
build_stonith(struct build_ctx *ctx)
{
    const ha_exec_request_t *req = ctx->req;
    const char *target = g_hash_table_lookup(req->meta, "target");
    g_autoptr(GList) keys = NULL;

    env_base(ctx);
    /* A fence device resource is "started" by checking it can be reached. */
    if ((strcmp(req->action, "start") == 0)
        || (strcmp(req->action, "monitor") == 0)) {
        ctx->agent_action = "monitor";
    }
    ctx->stdin_data = g_string_new(NULL);
    g_string_append_printf(ctx->stdin_data, "action=%s\n", ctx->agent_action);
    keys = g_list_sort(g_hash_table_get_keys(req->params),
                       (GCompareFunc) strcmp);
    for (GList *l = keys; l != NULL; l = l->next) {
        if (fence_param_passed(l->data)) {
            g_string_append_printf(ctx->stdin_data, "%s=%s\n",
                                   (const char *) l->data,
                                   (const char *) g_hash_table_lookup(req->params,
                                                                      l->data));
        }
    }
    if (target != NULL) {
        fence_target_lines(ctx, target);
    }
    return 0;
}

static int
build_lsb(struct build_ctx *ctx)
{
    env_base(ctx);
    if (strcmp(ctx->req->action, "monitor") == 0) {
        ctx->agent_action = "status";
    }
    return 0;
}

static char *
locate_ocf(const struct ha_exec_paths *paths, const char *provider,
           const char *type)
{
    g_autofree char *root = ocf_root_of(paths, provider, type);

    return g_build_filename(root, "resource.d", provider, type, NULL);
}

static char *
locate_fence(const struct ha_exec_paths *paths, const char *provider,
             const char *type)
{
    g_auto(GStrv) dirs = g_strsplit(paths->fence_dir, ":", -1);

    for (char **d = dirs; *d != NULL; d++) {
        g_autofree char *path = g_build_filename(*d, type, NULL);

        if (**d != '\0' && g_file_test(path, G_FILE_TEST_EXISTS)) {
            return g_steal_pointer(&path);
        }
    }
    return g_build_filename(dirs[0] != NULL ? dirs[0] : "", type, NULL);
}

static char *
locate_lsb(const struct ha_exec_paths *paths, const char *provider,
           const char *type)
{
    return g_build_filename(paths->lsb_dir, type, NULL);
}

/* ---- listing ---- */

static gboolean
is_executable_file(const char *path)
{
    struct stat st;

    return (stat(path, &st) == 0) && S_ISREG(st.st_mode)
           && (access(path, X_OK) == 0);
}

static int
list_dir(const char *dir, const char *prefix, const char *label,
         GPtrArray *names)
{
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    const char *entry;

    if (d == NULL) {
        return -ENOENT;
    }
    while ((entry = g_dir_read_name(d)) != NULL) {
        g_autofree char *path = g_build_filename(dir, entry, NULL);

        if ((entry[0] == '.') || !g_str_has_prefix(entry, prefix)
            || !is_executable_file(path)) {
            continue;
        }
        g_ptr_array_add(names, (label != NULL)
                               ? g_strdup_printf("%s:%s", label, entry)
                               : g_strdup(entry));
    }
    return 0;
}

static int
list_ocf_root(const char *ocf_root, const char *provider, GPtrArray *names)
{
    g_autofree char *root = g_build_filename(ocf_root, "resource.d", NULL);
    g_autoptr(GDir) d = NULL;
    const char *entry;

    if (provider != NULL) {
        g_autofree char *dir = g_build_filename(root, provider, NULL);

        return list_dir(dir, "", provider, names);
    }
    d = g_dir_open(root, 0, NULL);
    if (d == NULL) {
        return -ENOENT;
    }
    while ((entry = g_dir_read_name(d)) != NULL) {
        g_autofree char *dir = g_build_filename(root, entry, NULL);

        if ((entry[0] != '.') && g_file_test(dir, G_FILE_TEST_IS_DIR)) {
            (void) list_dir(dir, "", entry, names);
        }
    }
    return 0;
}

static int
list_ocf(const struct ha_exec_paths *paths, const char *provider,
         GPtrArray *names)
{
    g_auto(GStrv) roots = g_strsplit(paths->ocf_root, ":", -1);
    int rc = -ENOENT;

    for (char **r = roots; *r != NULL; r++) {
        if (**r != '\0' && list_ocf_root(*r, provider, names) == 0) {
            rc = 0;
        }
    }
    return rc;
}

static int
list_fence(const struct ha_exec_paths *paths, const char *provider,
           GPtrArray *names)
{
    g_auto(GStrv) dirs = g_strsplit(paths->fence_dir, ":", -1);
    int rc = -ENOENT;

    for (char **d = dirs; *d != NULL; d++) {
        if (**d != '\0' && list_dir(*d, "fence_", NULL, names) == 0) {
            rc = 0;
        }
    }
    return rc;
}

static int
list_lsb(const struct ha_exec_paths *paths, const char *provider,
         GPtrArray *names)
{
    return list_dir(paths->lsb_dir, "", NULL, names);
}

/* The class table.  A new class (systemd) is one more row. */
static const struct exec_class exec_classes[] = {
    { "ocf", TRUE, FALSE, HA_EXEC_RC_OCF, "meta-data", locate_ocf, build_ocf,
      list_ocf },
    { "stonith", FALSE, TRUE, HA_EXEC_RC_FENCE, "metadata", locate_fence,
      build_stonith, list_fence },
    { "lsb", FALSE, FALSE, HA_EXEC_RC_LSB, NULL, locate_lsb, build_lsb,
      list_lsb },
};

static const struct exec_class *
class_find(const char *name)
{
    for (gsize i = 0; i < G_N_ELEMENTS(exec_classes); i++) {
        if ((name != NULL) && (strcmp(exec_classes[i].name, name) == 0)) {
            return &exec_classes[i];
        }
    }
    return NULL;
}

gboolean
ha_exec_class_known(const char *rclass)
{
    return class_find(rclass) != NULL;
}

enum ha_exec_rc_kind
ha_exec_class_rc_kind(const char *rclass)
{
    const struct exec_class *cls = class_find(rclass);

    return (cls != NULL) ? cls->rc_kind : HA_EXEC_RC_OCF;
}

const char *
ha_exec_class_metadata_action(const char *rclass)
{
    const struct exec_class *cls = class_find(rclass);

    return (cls != NULL) ? cls->metadata_action : NULL;
}

gboolean
ha_exec_class_is_virtual(const char *rclass)
{
    const struct exec_class *cls = class_find(rclass);

    return (cls != NULL) && cls->is_virtual;
}

static gint
compare_names(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

int
ha_exec_agents_list(const struct ha_exec_paths *paths, const char *rclass,
                    const char *provider, GPtrArray **ret_names)
{
    const struct exec_class *cls = class_find(rclass);
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    int rc;

    if (cls == NULL) {
        return -HA_EUNSUPPORTED;
    }
    if ((provider != NULL) && !path_component_ok(provider)) {
        return -EINVAL;
    }
    rc = cls->list(paths, provider, names);
    if (rc < 0) {
        return rc;
    }
    g_ptr_array_sort(names, compare_names);
    /* an agent found in two OCF roots is listed once (the first runs) */
    for (guint i = 1; i < names->len;) {
        if (strcmp(names->pdata[i], names->pdata[i - 1]) == 0) {
            g_ptr_array_remove_index(names, i);
        } else {
            i++;
        }
    }
    *ret_names = g_steal_pointer(&names);
    return 0;
}

int
ha_exec_agent_parse(const char *spec, char **ret_class, char **ret_provider,
                    char **ret_type)
{
    g_auto(GStrv) parts = NULL;
    const struct exec_class *cls;
    guint n;

    if (spec == NULL) {
        return -EINVAL;
    }
    parts = g_strsplit(spec, ":", 3);
    n = g_strv_length(parts);
    if (n < 2) {
        return -EINVAL;
    }
    cls = class_find(parts[0]);
    if (cls == NULL) {
        return -HA_EUNSUPPORTED;
    }
    if ((cls->has_provider && (n != 3)) || (!cls->has_provider && (n != 2))) {
        return -EINVAL;
    }
    if (!path_component_ok(parts[n - 1])
        || (cls->has_provider && !path_component_ok(parts[1]))) {
        return -EINVAL;
    }
    *ret_class = g_strdup(parts[0]);
    *ret_provider = cls->has_provider ? g_strdup(parts[1]) : NULL;
    *ret_type = g_strdup(parts[n - 1]);
    return 0;
}

/* ---- commands ---- */

void
ha_exec_command_free(ha_exec_command_t *cmd)
{
    if (cmd == NULL) {
        return;
    }
    g_free(cmd->path);
    if (cmd->argv != NULL) {
        g_ptr_array_unref(cmd->argv);
    }
    if (cmd->envp != NULL) {
        g_ptr_array_unref(cmd->envp);
    }
    g_free(cmd->stdin_data);
    g_free(cmd->agent_action);
    g_free(cmd);
}

static int
flatten_env(GHashTable *env, GPtrArray **ret_envp)
{
    g_autoptr(GPtrArray) envp = g_ptr_array_new_with_free_func(g_free);
    GHashTableIter it;
    gpointer k, v;
    gsize bytes = 0;

    g_hash_table_iter_init(&it, env);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        char *entry = g_strdup_printf("%s=%s", (const char *) k,
                                      (const char *) v);

        bytes += strlen(entry) + 1;
        g_ptr_array_add(envp, entry);
    }
    if (bytes > HA_EXEC_ENV_BYTES_MAX) {
        return -HA_ETOOBIG;
    }
    g_ptr_array_sort(envp, compare_names);
    g_ptr_array_add(envp, NULL);
    *ret_envp = g_steal_pointer(&envp);
    return 0;
}

static int
check_agent(const char *path)
{
    struct stat st;

    if (stat(path, &st) == -1) {
        return -errno;
    }
    if (!S_ISREG(st.st_mode) || (access(path, X_OK) == -1)) {
        return -EACCES;
    }
    return 0;
}

int
ha_exec_command_build(const struct ha_exec_paths *paths,
                      const ha_exec_request_t *req, ha_exec_command_t **ret_cmd)
{
    const struct exec_class *cls;
    g_autoptr(GHashTable) env = NULL;
    g_autoptr(ha_exec_command_t) cmd = NULL;
    struct build_ctx ctx = { paths, req, NULL, NULL, NULL, NULL };
    int rc = ha_exec_request_validate(req);

    if (rc < 0) {
        return rc;
    }
    cls = class_find(req->rclass);
    cmd = g_new0(ha_exec_command_t, 1);
    cmd->rc_kind = cls->rc_kind;
    cmd->path = cls->locate(paths, req->provider, req->type);
    if (cls->is_virtual && (strcmp(req->action, "stop") == 0)) {
        cmd->no_process = TRUE;     /* nothing runs, so nothing to stop */
        cmd->agent_action = g_strdup(req->action);
        *ret_cmd = g_steal_pointer(&cmd);
        return 0;
    }
    rc = check_agent(cmd->path);
    if (rc < 0) {
        return rc;
    }
    env = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    ctx.env = env;
    ctx.agent_action = req->action;
    rc = cls->build(&ctx);
    if (rc == 0) {
        rc = flatten_env(env, &cmd->envp);
    }
    if (ctx.stdin_data != NULL) {
        cmd->stdin_data = g_string_free(ctx.stdin_data, FALSE);
    }
    if (rc < 0) {
        return rc;
    }
    cmd->agent_action = g_strdup(ctx.agent_action);
    cmd->argv = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(cmd->argv, g_strdup(cmd->path));
    /* fence agents read everything from stdin; any argv disables that */
    if (cmd->stdin_data == NULL) {
        g_ptr_array_add(cmd->argv, g_strdup(cmd->agent_action));
    }
    g_ptr_array_add(cmd->argv, NULL);
    *ret_cmd = g_steal_pointer(&cmd);
    return 0;
}

const char *
ha_exec_command_getenv(const ha_exec_command_t *cmd, const char *name)
{
    gsize len = strlen(name);

    if (cmd->envp == NULL) {
        return NULL;
    }
    for (guint i = 0; i + 1 < cmd->envp->len; i++) {
        const char *e = g_ptr_array_index(cmd->envp, i);

        if ((strncmp(e, name, len) == 0) && (e[len] == '=')) {
            return e + len + 1;
        }
    }
    return NULL;
}
