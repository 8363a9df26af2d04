/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* lib/store/tests/test_store_diff.c - structural diff and patch: applying
 * the patch to the old version yields exactly the new one, through the
 * wire format, and a patch against the wrong base is refused. */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "common/results.h"
#include "store/store_doc.h"

#define HEAD "<cib validate-with=\"pacemaker-3.9\" admin_epoch=\"0\" "

static const char old_cib[] =
    HEAD "epoch=\"5\" num_updates=\"0\"><configuration><crm_config>"
    "<cluster_property_set id=\"b\"><nvpair id=\"b1\" name=\"a\" value=\"1\"/>"
    "</cluster_property_set></crm_config><nodes><node id=\"1\" uname=\"n1\"/>"
    "</nodes><resources>"
    "<primitive id=\"r1\" class=\"lsb\" type=\"a\"/>"
    "<primitive id=\"r2\" class=\"lsb\" type=\"b\"/>"
    "<primitive id=\"r3\" class=\"lsb\" type=\"c\"/>"
    "<bundle id=\"bu\"><docker image=\"i\"/><x/><x a=\"1\"/></bundle>"
    "</resources><constraints>"
    "<rsc_order id=\"o\" first=\"r1\" then=\"r2\"/></constraints>"
    "</configuration><status/></cib>";

/* r2 deleted, r3 moved first and changed, r4 added, a property changed and
 * an attribute removed, unkeyed children reordered, version bumped. */
static const char new_cib[] =
    HEAD "epoch=\"6\" num_updates=\"0\"><configuration><crm_config>"
    "<cluster_property_set id=\"b\"><nvpair id=\"b1\" name=\"a\" value=\"2\"/>"
    "</cluster_property_set></crm_config><nodes><node id=\"1\" uname=\"n1\"/>"
    "</nodes><resources>"
    "<primitive id=\"r3\" class=\"lsb\" type=\"c2\" description=\"d\"/>"
    "<primitive id=\"r1\" class=\"lsb\" type=\"a\"/>"
    "<primitive id=\"r4\" class=\"lsb\" type=\"d\"/>"
    "<bundle id=\"bu\"><x a=\"2\"/><docker image=\"i\"/></bundle>"
    "</resources><constraints>"
    "<rsc_order id=\"o\" first=\"r1\" then=\"r3\"/></constraints>"
    "</configuration><status><node_state id=\"1\" uname=\"n1\"/></status></cib>";

static ha_store_doc_t *
load(const char *text)
{
    ha_store_doc_t *doc = NULL;

    g_assert_cmpint(ha_store_doc_load_memory(text, strlen(text), "t", 0, &doc,
                                             NULL), ==, 0);
    return doc;
}

static void
diff_roundtrip(void)
{
    g_autoptr(ha_store_doc_t) a = load(old_cib);
    g_autoptr(ha_store_doc_t) b = load(new_cib);
    g_autoptr(ha_store_patch_t) patch = ha_store_patch_new(a, b);
    g_autoptr(ha_store_patch_t) wire = NULL;
    g_autoptr(ha_store_doc_t) result = NULL;
    g_autoptr(GPtrArray) errors = NULL;
    g_autofree char *text = ha_store_patch_serialize(patch);
    struct ha_store_version src, dst;

    g_test_message("%s", text);
    g_assert_false(ha_store_patch_is_empty(patch));
    ha_store_patch_versions(patch, &src, &dst);
    g_assert_cmpuint(src.epoch, ==, 5);
    g_assert_cmpuint(dst.epoch, ==, 6);
    g_assert_cmpint(ha_store_patch_parse(text, strlen(text), &wire, NULL), ==, 0);
    g_assert_cmpint(ha_store_patch_apply(a, wire, &result, &errors), ==, 0);
    g_assert_true(ha_store_doc_equal(result, b));
    g_assert_cmpstr(ha_store_doc_digest(result), ==, ha_store_doc_digest(b));
    /* the patch is structural: unchanged elements are not in it */
    g_assert_null(strstr(text, "r1\" class"));
    g_assert_nonnull(strstr(text, "<delete path=\"/cib/configuration[1]/resources[1]/primitive[@id='r2']\"/>"));
}

static void
diff_identical_is_empty(void)
{
    g_autoptr(ha_store_doc_t) a = load(old_cib);
    g_autoptr(ha_store_doc_t) b = load(old_cib);
    g_autoptr(ha_store_patch_t) patch = ha_store_patch_new(a, b);
    g_autoptr(ha_store_doc_t) result = NULL;

    g_assert_true(ha_store_patch_is_empty(patch));
    g_assert_cmpint(ha_store_patch_apply(a, patch, &result, NULL), ==, 0);
    g_assert_true(ha_store_doc_equal(result, a));
}

static void
diff_wrong_base_refused(void)
{
    g_autoptr(ha_store_doc_t) a = load(old_cib);
    g_autoptr(ha_store_doc_t) b = load(new_cib);
    g_autoptr(ha_store_doc_t) same_version = NULL;
    g_autoptr(ha_store_patch_t) patch = ha_store_patch_new(a, b);
    g_autoptr(GPtrArray) errors = NULL;
    g_autoptr(GPtrArray) errors2 = NULL;
    ha_store_doc_t *result = NULL;

    /* newer base */
    g_assert_cmpint(ha_store_patch_apply(b, patch, &result, &errors), ==,
                    -HA_EOLDVERSION);
    g_assert_null(result);
    g_assert_nonnull(strstr(g_ptr_array_index(errors, 0), "0.5.0"));
    /* same version, other content (a split): refused by the digest */
    g_assert_cmpint(ha_store_doc_set_property(a, "a", "9", &same_version,
                                              NULL), ==, 0);
    g_assert_cmpint(ha_store_patch_apply(same_version, patch, &result,
                                         &errors2), ==, -HA_EOLDVERSION);
    g_assert_null(result);
}

static void
diff_tampered_patch(void)
{
    g_autoptr(ha_store_doc_t) a = load(old_cib);
    g_autoptr(ha_store_doc_t) b = load(new_cib);
    g_autoptr(ha_store_patch_t) patch = ha_store_patch_new(a, b);
    g_autoptr(ha_store_patch_t) bad = NULL;
    g_autoptr(ha_store_patch_t) gone = NULL;
    g_autofree char *text = ha_store_patch_serialize(patch);
    char *p = strstr(text, "value=\"2\"");
    g_autofree char *missing = NULL;
    ha_store_doc_t *result = NULL;
    char *err = NULL;

    /* a changed value: the result does not have the target's digest */
    g_assert_nonnull(p);
    p[7] = '3';
    g_assert_cmpint(ha_store_patch_parse(text, strlen(text), &bad, NULL), ==, 0);
    g_assert_cmpint(ha_store_patch_apply(a, bad, &result, NULL), ==, -HA_EDIGEST);
    g_assert_null(result);
    /* a path that does not exist */
    missing = g_strdup(text);
    p = strstr(missing, "[@id='r2']");
    g_assert_nonnull(p);
    p[7] = '9';
    g_assert_cmpint(ha_store_patch_parse(missing, strlen(missing), &gone, NULL),
                    ==, 0);
    g_assert_cmpint(ha_store_patch_apply(a, gone, &result, NULL), ==, -HA_EPROTO);
    /* not a patch at all */
    g_assert_cmpint(ha_store_patch_parse("<cib/>", 6, &bad, &err), ==, -HA_EPROTO);
    g_free(err);
    err = NULL;
    g_assert_cmpint(ha_store_patch_parse("<ha-patch", 9, &bad, &err), ==,
                    -HA_EBADXML);
    g_free(err);
}

/* Randomised: many edits in a row; each patch replays exactly. */
static void
diff_random_edits(void)
{
    g_autoptr(ha_store_doc_t) cur = load(old_cib);
    GRand *rand = g_rand_new_with_seed(42);

    for (int i = 0; i < 60; i++) {
        g_autoptr(ha_store_doc_t) next = NULL;
        g_autoptr(ha_store_doc_t) bumped = NULL;
        g_autoptr(ha_store_doc_t) result = NULL;
        g_autoptr(ha_store_patch_t) patch = NULL;
        g_autofree char *id = g_strdup_printf("p%d", g_rand_int_range(rand, 0, 8));
        g_autofree char *xml = g_strdup_printf(
            "<primitive id=\"%s\" class=\"lsb\" type=\"t%d\"/>", id,
            g_rand_int_range(rand, 0, 3));
        g_autofree char *text = NULL;
        int rc;

        if (g_rand_boolean(rand)) {
            rc = ha_store_doc_put_element(cur, "resources", xml, &next, NULL);
        } else {
            rc = ha_store_doc_delete_element(cur, "resources", id, &next, NULL);
        }
        if (rc < 0) {
            continue;
        }
        bumped = ha_store_doc_bump(next, HA_STORE_BUMP_EPOCH);
        patch = ha_store_patch_new(cur, bumped);
        text = ha_store_patch_serialize(patch);
        g_clear_pointer(&patch, ha_store_patch_free);
        g_assert_cmpint(ha_store_patch_parse(text, strlen(text), &patch, NULL),
                        ==, 0);
        g_assert_cmpint(ha_store_patch_apply(cur, patch, &result, NULL), ==, 0);
        g_assert_true(ha_store_doc_equal(result, bumped));
        g_clear_pointer(&cur, ha_store_doc_unref);
        cur = g_steal_pointer(&result);
    }
    g_rand_free(rand);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/store/diff/roundtrip", diff_roundtrip);
    g_test_add_func("/store/diff/identical-is-empty", diff_identical_is_empty);
    g_test_add_func("/store/diff/wrong-base-refused", diff_wrong_base_refused);
    g_test_add_func("/store/diff/tampered-patch", diff_tampered_patch);
    g_test_add_func("/store/diff/random-edits", diff_random_edits);
    return g_test_run();
}
