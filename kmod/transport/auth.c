// SPDX-License-Identifier: GPL-2.0
/*
 * The cluster transport key, whether connections are encrypted, and the
 * HMAC-SHA256 computations made with the key: the two handshake proofs,
 * the per-direction session secrets and the MAC trailer of every frame
 * on a connection that is not encrypted.  Which bytes each MAC covers is
 * the core's business (hive_wire_transcript()); this file only runs the
 * kernel crypto API over them.
 */
#include <crypto/algapi.h>
#include <crypto/hash.h>
#include <linux/highmem.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include "internal.h"

/*
 * hive_auth_lock guards the key and whether there is one, and is held
 * while the protection new connections ask for is written (one word, read
 * with READ_ONCE()).  Taken for a copy only; any context, never nested.
 */
static DEFINE_SPINLOCK(hive_auth_lock);
static u8 hive_auth_key[HIVE_CLUSTER_KEY_LEN];
static bool hive_auth_has_key;
static u32 hive_auth_protection_wanted = HIVE_WIRE_PROTECT_ENCRYPT;

/**
 * hive_transport_set_key() - install the cluster transport key
 * @key: HMAC-SHA256(authkey, "hive transport key v1"), from hived
 * @encrypt: encrypt connections (HIVE_WIRE_PROTECT_ENCRYPT) or only
 *	authenticate their frames (HIVE_WIRE_PROTECT_MAC)
 *
 * Later handshakes use both; established connections keep their session
 * keys and protection.
 *
 * Context: process.
 * Return: 0.
 */
int hive_transport_set_key(const u8 key[HIVE_CLUSTER_KEY_LEN], bool encrypt)
{
	spin_lock(&hive_auth_lock);
	memcpy(hive_auth_key, key, HIVE_CLUSTER_KEY_LEN);
	hive_auth_has_key = true;
	WRITE_ONCE(hive_auth_protection_wanted,
		   encrypt ? HIVE_WIRE_PROTECT_ENCRYPT : HIVE_WIRE_PROTECT_MAC);
	spin_unlock(&hive_auth_lock);
	return 0;
}

/**
 * hive_auth_protection() - how new connections protect their frames
 *
 * Return: HIVE_WIRE_PROTECT_ENCRYPT (the default) or HIVE_WIRE_PROTECT_MAC.
 */
u32 hive_auth_protection(void)
{
	return READ_ONCE(hive_auth_protection_wanted);
}

/**
 * hive_auth_keyed() - has hived installed the key?
 *
 * Return: true once hive_transport_set_key() ran.
 */
bool hive_auth_keyed(void)
{
	bool keyed;

	spin_lock(&hive_auth_lock);
	keyed = hive_auth_has_key;
	spin_unlock(&hive_auth_lock);
	return keyed;
}

/* A fresh hmac(sha256) transform keyed with @key. */
static struct crypto_shash *hive_auth_tfm(const u8 *key)
{
	struct crypto_shash *tfm = crypto_alloc_shash("hmac(sha256)", 0, 0);
	int err;

	if (IS_ERR(tfm))
		return tfm;
	err = crypto_shash_setkey(tfm, key, HIVE_CLUSTER_KEY_LEN);
	if (err) {
		crypto_free_shash(tfm);
		return ERR_PTR(err);
	}
	return tfm;
}

/**
 * hive_auth_handshake_mac() - HMAC-SHA256(cluster key, transcript)
 * @hs: the handshake's facts
 * @purpose: an enum hive_wire_purpose value
 * @out: output
 *
 * Context: process, may sleep.
 * Return: 0, -ENOKEY before hived installed the key, or a crypto error.
 */
int hive_auth_handshake_mac(const struct hive_wire_handshake *hs,
			    u32 purpose, u8 out[HIVE_WIRE_HMAC_LEN])
{
	u8 transcript[HIVE_WIRE_TRANSCRIPT_LEN];
	u8 key[HIVE_CLUSTER_KEY_LEN];
	struct crypto_shash *tfm;
	bool keyed;
	int err;

	err = hive_wire_transcript(hs, purpose, transcript, sizeof(transcript));
	if (err < 0)
		return err;
	spin_lock(&hive_auth_lock);
	keyed = hive_auth_has_key;
	memcpy(key, hive_auth_key, sizeof(key));
	spin_unlock(&hive_auth_lock);
	if (!keyed)
		return -ENOKEY;
	tfm = hive_auth_tfm(key);
	memzero_explicit(key, sizeof(key));
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	err = crypto_shash_tfm_digest(tfm, transcript, sizeof(transcript), out);
	crypto_free_shash(tfm);
	return err;
}

/**
 * hive_auth_session_secret() - the secret of one direction's frames
 * @hs: the handshake's facts
 * @purpose: HIVE_WIRE_KEY_DIALER_TX or HIVE_WIRE_KEY_LISTENER_TX
 * @secret: output; the caller wipes it with memzero_explicit()
 *
 * The secret is HMAC-SHA256(cluster key, transcript(@purpose)): fresh per
 * connection because both nonces are in the transcript, and different for
 * a MAC and an encrypted connection because both protections are.
 *
 * Context: process, may sleep.
 * Return: 0, -ENOKEY or a crypto error.
 */
int hive_auth_session_secret(const struct hive_wire_handshake *hs, u32 purpose,
			     u8 secret[HIVE_WIRE_KEY_LEN])
{
	BUILD_BUG_ON(HIVE_WIRE_HMAC_LEN != HIVE_WIRE_KEY_LEN);
	return hive_auth_handshake_mac(hs, purpose, secret);
}

/**
 * hive_auth_session_tfm() - a MAC transform keyed for one direction's frames
 * @hs: the handshake's facts
 * @purpose: HIVE_WIRE_KEY_DIALER_TX or HIVE_WIRE_KEY_LISTENER_TX
 *
 * Keyed with hive_auth_session_secret().
 *
 * Context: process, may sleep.
 * Return: the transform (free with crypto_free_shash()) or an ERR_PTR.
 */
struct crypto_shash *hive_auth_session_tfm(const struct hive_wire_handshake *hs,
					   u32 purpose)
{
	u8 key[HIVE_WIRE_KEY_LEN];
	struct crypto_shash *tfm;
	int err;

	BUILD_BUG_ON(HIVE_WIRE_KEY_LEN != HIVE_CLUSTER_KEY_LEN);
	err = hive_auth_session_secret(hs, purpose, key);
	if (err)
		return ERR_PTR(err);
	tfm = hive_auth_tfm(key);
	memzero_explicit(key, sizeof(key));
	return tfm;
}

/**
 * hive_auth_frame_mac() - the MAC trailer of one frame
 * @tfm: the sending direction's session transform
 * @counter: frames this direction sent on the connection before this one
 * @frame: header and payload before the pages, as on the wire
 * @len: their length
 * @pages: the pages that end the payload, in order
 * @nr_pages: how many
 * @mac: output, HIVE_WIRE_MAC_LEN bytes
 *
 * Context: process; the caller serialises use of @tfm's direction.
 * Return: 0 or a crypto error.
 */
int hive_auth_frame_mac(struct crypto_shash *tfm, u64 counter,
			const u8 *frame, u32 len, const struct bio_vec *pages,
			u32 nr_pages, u8 mac[HIVE_WIRE_MAC_LEN])
{
	SHASH_DESC_ON_STACK(desc, tfm);
	u8 full[HIVE_WIRE_HMAC_LEN];
	__be64 ctr = cpu_to_be64(counter);
	u32 i;
	int err;

	desc->tfm = tfm;
	err = crypto_shash_init(desc);
	if (!err)
		err = crypto_shash_update(desc, (const u8 *)&ctr, sizeof(ctr));
	if (!err)
		err = crypto_shash_update(desc, frame, len);
	for (i = 0; i < nr_pages && !err; i++) {
		const u8 *p = kmap_local_page(pages[i].bv_page);

		err = crypto_shash_update(desc, p + pages[i].bv_offset,
					  pages[i].bv_len);
		kunmap_local(p);
	}
	if (!err)
		err = crypto_shash_final(desc, full);
	shash_desc_zero(desc);
	if (!err)
		memcpy(mac, full, HIVE_WIRE_MAC_LEN);
	return err;
}

/**
 * hive_auth_exit() - forget the key
 *
 * Context: module exit.
 */
void hive_auth_exit(void)
{
	spin_lock(&hive_auth_lock);
	memzero_explicit(hive_auth_key, sizeof(hive_auth_key));
	hive_auth_has_key = false;
	WRITE_ONCE(hive_auth_protection_wanted, HIVE_WIRE_PROTECT_ENCRYPT);
	spin_unlock(&hive_auth_lock);
}
