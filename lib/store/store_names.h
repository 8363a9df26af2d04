/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/store/store_names.h - XML element and attribute names of the CIB,
 * as the store's document layer uses them.  One place for the magic
 * strings of the schema (xml/ha-cib.rng).
 */
#ifndef HA_STORE_NAMES_H
#define HA_STORE_NAMES_H

/* Elements */
#define HA_XE_CIB                  "cib"
#define HA_XE_CONFIGURATION        "configuration"
#define HA_XE_STATUS               "status"
#define HA_XE_CRM_CONFIG           "crm_config"
#define HA_XE_CLUSTER_PROPERTY_SET "cluster_property_set"
#define HA_XE_NVPAIR               "nvpair"
#define HA_XE_NODES                "nodes"
#define HA_XE_NODE                 "node"
#define HA_XE_RESOURCES            "resources"
#define HA_XE_PRIMITIVE            "primitive"
#define HA_XE_GROUP                "group"
#define HA_XE_CLONE                "clone"
#define HA_XE_MASTER               "master"
#define HA_XE_BUNDLE               "bundle"
#define HA_XE_TEMPLATE             "template"
#define HA_XE_META_ATTRIBUTES      "meta_attributes"
#define HA_XE_INSTANCE_ATTRIBUTES  "instance_attributes"
#define HA_XE_UTILIZATION          "utilization"
#define HA_XE_OPERATIONS           "operations"
#define HA_XE_OP                   "op"
#define HA_XE_CONSTRAINTS          "constraints"
#define HA_XE_RSC_LOCATION         "rsc_location"
#define HA_XE_RSC_COLOCATION       "rsc_colocation"
#define HA_XE_RSC_ORDER            "rsc_order"
#define HA_XE_RSC_TICKET           "rsc_ticket"
#define HA_XE_RESOURCE_SET         "resource_set"
#define HA_XE_RESOURCE_REF         "resource_ref"
#define HA_XE_RULE                 "rule"
#define HA_XE_OP_EXPRESSION        "op_expression"
#define HA_XE_RSC_DEFAULTS         "rsc_defaults"
#define HA_XE_OP_DEFAULTS          "op_defaults"
#define HA_XE_FENCING_TOPOLOGY     "fencing-topology"
#define HA_XE_FENCING_LEVEL        "fencing-level"
#define HA_XE_TAGS                 "tags"
#define HA_XE_TAG                  "tag"
#define HA_XE_OBJ_REF              "obj_ref"
#define HA_XE_ALERTS               "alerts"

/* Attributes */
#define HA_XA_ID                   "id"
#define HA_XA_ID_REF               "id-ref"
#define HA_XA_NAME                 "name"
#define HA_XA_VALUE                "value"
#define HA_XA_UNAME                "uname"
#define HA_XA_SCORE                "score"
#define HA_XA_VALIDATE_WITH        "validate-with"
#define HA_XA_ADMIN_EPOCH          "admin_epoch"
#define HA_XA_EPOCH                "epoch"
#define HA_XA_NUM_UPDATES          "num_updates"
#define HA_XA_RSC                  "rsc"
#define HA_XA_RSC_PATTERN          "rsc-pattern"
#define HA_XA_WITH_RSC             "with-rsc"
#define HA_XA_FIRST                "first"
#define HA_XA_THEN                 "then"
#define HA_XA_ROLE                 "role"
#define HA_XA_RSC_ROLE             "rsc-role"
#define HA_XA_WITH_RSC_ROLE        "with-rsc-role"
#define HA_XA_TEMPLATE             "template"
#define HA_XA_TARGET               "target"
#define HA_XA_DEVICES              "devices"
#define HA_XA_INTERVAL             "interval"
#define HA_XA_TIMEOUT              "timeout"
#define HA_XA_START_DELAY          "start-delay"
#define HA_XA_PROVIDER             "provider"
#define HA_XA_TYPE                 "type"

/* Values */
#define HA_XV_PROMOTED             "Promoted"
#define HA_XV_UNPROMOTED           "Unpromoted"
#define HA_XV_LEGACY_MASTER        "Master"
#define HA_XV_LEGACY_SLAVE         "Slave"
#define HA_XV_PROMOTABLE           "promotable"
#define HA_XV_BOOTSTRAP_SET        "cib-bootstrap-options"

/* The schema version a document carries once upgraded. */
#define HA_STORE_VALIDATE_WITH     "pacemaker-3.9"

/* Schema file name, in HA_SCHEMADIR or $HA_SCHEMA_DIR. */
#define HA_STORE_SCHEMA_FILE       "ha-cib.rng"
#define HA_STORE_SCHEMA_DIR_ENV    "HA_SCHEMA_DIR"

#endif /* HA_STORE_NAMES_H */
