// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/hive/transport/: the listening port, connection counts,
 * encryption, the rekey limit and the refusal counters, one value per file
 * (Documentation/ABI/testing/sysfs-kernel-hive).
 */
#include <linux/kobject.h>
#include <linux/sysfs.h>
#include "admin/admin.h"
#include "internal.h"

static struct kobject *hive_transport_kobj;

static ssize_t port_show(struct kobject *kobj, struct kobj_attribute *attr,
			 char *buf)
{
	struct hive_self self;

	return sysfs_emit(buf, "%u\n", hive_self_get(&self) ? 0 : self.member.port);
}

static ssize_t connections_show(struct kobject *kobj,
				struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n", atomic_read(&hive_connections));
}

static ssize_t keyed_show(struct kobject *kobj, struct kobj_attribute *attr,
			  char *buf)
{
	return sysfs_emit(buf, "%d\n", hive_auth_keyed());
}

static ssize_t encryption_show(struct kobject *kobj,
			       struct kobj_attribute *attr, char *buf)
{
	bool on = hive_auth_protection() == HIVE_WIRE_PROTECT_ENCRYPT;

	return sysfs_emit(buf, "%s\n", on ? hive_link_ops->cipher : "off");
}

static ssize_t rekey_bytes_show(struct kobject *kobj,
				struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%llu\n", READ_ONCE(hive_rekey_bytes));
}

static ssize_t rekey_bytes_store(struct kobject *kobj,
				 struct kobj_attribute *attr, const char *buf,
				 size_t count)
{
	unsigned long long bytes;
	int err = kstrtoull(buf, 0, &bytes);

	if (err)
		return err;
	if (bytes < HIVE_REKEY_BYTES_MIN || bytes > HIVE_REKEY_BYTES_MAX)
		return -ERANGE;
	WRITE_ONCE(hive_rekey_bytes, bytes);
	return count;
}

#define HIVE_TSTAT_ATTR(name, stat)					\
static ssize_t name##_show(struct kobject *kobj,			\
			   struct kobj_attribute *attr, char *buf)	\
{									\
	return sysfs_emit(buf, "%lld\n", atomic64_read(&hive_tstats[stat])); \
}									\
static struct kobj_attribute hive_tstat_attr_##name = __ATTR_RO(name)

HIVE_TSTAT_ATTR(handshakes, HIVE_TSTAT_HANDSHAKES);
HIVE_TSTAT_ATTR(refused_malformed, HIVE_TSTAT_REFUSED_MALFORMED);
HIVE_TSTAT_ATTR(refused_cluster, HIVE_TSTAT_REFUSED_CLUSTER);
HIVE_TSTAT_ATTR(refused_not_member, HIVE_TSTAT_REFUSED_NOT_MEMBER);
HIVE_TSTAT_ATTR(refused_auth, HIVE_TSTAT_REFUSED_AUTH);
HIVE_TSTAT_ATTR(refused_busy, HIVE_TSTAT_REFUSED_BUSY);
HIVE_TSTAT_ATTR(refused_address, HIVE_TSTAT_REFUSED_ADDRESS);
HIVE_TSTAT_ATTR(refused_protection, HIVE_TSTAT_REFUSED_PROTECTION);
HIVE_TSTAT_ATTR(rekeys, HIVE_TSTAT_REKEYS);

static struct kobj_attribute hive_transport_attr_port = __ATTR_RO(port);
static struct kobj_attribute hive_transport_attr_connections =
	__ATTR_RO(connections);
static struct kobj_attribute hive_transport_attr_keyed = __ATTR_RO(keyed);
static struct kobj_attribute hive_transport_attr_encryption =
	__ATTR_RO(encryption);
static struct kobj_attribute hive_transport_attr_rekey_bytes =
	__ATTR(rekey_bytes, 0644, rekey_bytes_show, rekey_bytes_store);

static struct attribute *hive_transport_attrs[] = {
	&hive_transport_attr_port.attr,
	&hive_transport_attr_connections.attr,
	&hive_transport_attr_keyed.attr,
	&hive_transport_attr_encryption.attr,
	&hive_transport_attr_rekey_bytes.attr,
	&hive_tstat_attr_handshakes.attr,
	&hive_tstat_attr_refused_malformed.attr,
	&hive_tstat_attr_refused_cluster.attr,
	&hive_tstat_attr_refused_not_member.attr,
	&hive_tstat_attr_refused_auth.attr,
	&hive_tstat_attr_refused_busy.attr,
	&hive_tstat_attr_refused_address.attr,
	&hive_tstat_attr_refused_protection.attr,
	&hive_tstat_attr_rekeys.attr,
	NULL,
};

static const struct attribute_group hive_transport_group = {
	.attrs = hive_transport_attrs,
};

/**
 * hive_transport_sysfs_init() - create /sys/kernel/hive/transport
 *
 * Context: process (module init).
 * Return: 0, -ENOMEM or the error sysfs gave.
 */
int hive_transport_sysfs_init(void)
{
	return hive_sysfs_dir(hive_sysfs_root(), "transport",
			      &hive_transport_group, &hive_transport_kobj);
}

/**
 * hive_transport_sysfs_exit() - remove /sys/kernel/hive/transport
 *
 * Context: process (module exit).
 */
void hive_transport_sysfs_exit(void)
{
	kobject_put(hive_transport_kobj);
}
