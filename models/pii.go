package models

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync/atomic"

	"github.com/emmansun/gmsm/sm3"
	"github.com/emmansun/gmsm/sm4"
	"gorm.io/gorm/schema"
)

// Personal data at rest (个人信息保护法, 密评): the columns tagged
// `gorm:"serializer:pii"` (a firm's legal representative and contact phone)
// are stored encrypted with an AEAD under the data key. A stored value is
// "<cipher>:" + base64(nonce || ciphertext), where cipher names the
// algorithm (aes1: AES-256-GCM, sm41: SM4-GCM), so that values written under
// either stay readable when the configured cipher changes, and a value
// without such a prefix is plaintext written before encryption was
// introduced (EncryptPII rewrites those).
//
// The key is process-wide, as GORM's serializers are: a process serves one
// database under one key.

// Ciphers for personal data at rest.
const (
	CipherAES = "aes"
	CipherSM4 = "sm4"
)

var piiPrefixes = map[string]string{CipherAES: "aes1:", CipherSM4: "sm41:"}

// DataKeySize is the length of SELFCHECK_DATA_KEY once decoded.
const DataKeySize = 32

// DemoDataKey is the fixed key of demo mode and tests: anyone can read data
// written under it.
var DemoDataKey = []byte("selfcheck-demo-data-key-32-bytes")

// piiKeys is the installed key: one AEAD per cipher, and which one writes.
type piiKeys struct {
	write string
	aeads map[string]cipher.AEAD
}

var piiState atomic.Pointer[piiKeys]

func init() {
	schema.RegisterSerializer("pii", piiSerializer{})
	if err := SetDataKey(DemoDataKey, CipherAES); err != nil {
		panic(err)
	}
}

// ParseDataKey decodes SELFCHECK_DATA_KEY: 32 bytes as base64 (standard or
// URL alphabet, padded or not) or as 64 hex digits.
func ParseDataKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if len(s) == 2*DataKeySize {
		if k, err := hex.DecodeString(s); err == nil {
			return k, nil
		}
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if k, err := enc.DecodeString(s); err == nil {
			if len(k) != DataKeySize {
				return nil, fmt.Errorf("the key is %d bytes, want %d (openssl rand -base64 32)", len(k), DataKeySize)
			}
			return k, nil
		}
	}
	return nil, errors.New("not base64 or hex (generate one with: openssl rand -base64 32)")
}

// SetDataKey installs key (DataKeySize bytes) for personal data, written
// with cipher (CipherAES or CipherSM4). Values written under the other
// cipher with the same key stay readable. AES uses the key as it is; SM4's
// 128-bit key is derived from it with HKDF-SM3.
func SetDataKey(key []byte, name string) error {
	if len(key) != DataKeySize {
		return fmt.Errorf("data key: %d bytes, want %d", len(key), DataKeySize)
	}
	if name == "" {
		name = CipherAES
	}
	if _, ok := piiPrefixes[name]; !ok {
		return fmt.Errorf("cipher %q: want aes or sm4", name)
	}
	ab, err := aes.NewCipher(key)
	if err != nil {
		return fmt.Errorf("data key: %w", err)
	}
	sk, err := hkdf.Key(sm3.New, key, nil, "selfcheck personal data sm4", sm4.BlockSize)
	if err != nil {
		return fmt.Errorf("data key: %w", err)
	}
	sb, err := sm4.NewCipher(sk)
	if err != nil {
		return fmt.Errorf("data key: %w", err)
	}
	k := &piiKeys{write: name, aeads: map[string]cipher.AEAD{}}
	for n, b := range map[string]cipher.Block{CipherAES: ab, CipherSM4: sb} {
		if k.aeads[n], err = cipher.NewGCM(b); err != nil {
			return fmt.Errorf("data key: %s: %w", n, err)
		}
	}
	piiState.Store(k)
	return nil
}

// StorePIIPlain makes personal data be written unencrypted, as it was
// before encryption came, for a deployment that has set no key yet; values
// already encrypted stay readable under the installed key.
func StorePIIPlain() {
	k := *piiState.Load()
	k.write = ""
	piiState.Store(&k)
}

// DataKeyID is a short fingerprint of a key, safe to log, to tell keys
// apart.
func DataKeyID(key []byte) string {
	sum := sha256.Sum256(append([]byte("selfcheck key id:"), key...))
	return hex.EncodeToString(sum[:4])
}

// SealPII encrypts a personal value for storage; "" stays "". (crypto/rand
// never fails on the supported platforms, so neither does SealPII.)
func SealPII(plain string) string {
	if plain == "" {
		return ""
	}
	k := piiState.Load()
	if k.write == "" {
		return plain
	}
	a := k.aeads[k.write]
	nonce := make([]byte, a.NonceSize(), a.NonceSize()+len(plain)+a.Overhead())
	rand.Read(nonce)
	out := a.Seal(nonce, nonce, []byte(plain), []byte(k.write))
	return piiPrefixes[k.write] + base64.RawStdEncoding.EncodeToString(out)
}

// OpenPII decrypts a stored personal value; a value without a cipher
// prefix is legacy plaintext and comes back as it is.
func OpenPII(stored string) (string, error) {
	name, ok := piiCipherOf(stored)
	if !ok {
		return stored, nil
	}
	raw, err := base64.RawStdEncoding.DecodeString(stored[len(piiPrefixes[name]):])
	if err != nil {
		return "", fmt.Errorf("open personal data: %w", err)
	}
	a := piiState.Load().aeads[name]
	if len(raw) < a.NonceSize() {
		return "", errors.New("open personal data: too short")
	}
	plain, err := a.Open(nil, raw[:a.NonceSize()], raw[a.NonceSize():], []byte(name))
	if err != nil {
		return "", errors.New("open personal data: wrong SELFCHECK_DATA_KEY or damaged value")
	}
	return string(plain), nil
}

// IsSealedPII reports whether a stored value is encrypted.
func IsSealedPII(stored string) bool {
	_, ok := piiCipherOf(stored)
	return ok
}

func piiCipherOf(stored string) (string, bool) {
	for n, p := range piiPrefixes {
		if strings.HasPrefix(stored, p) {
			return n, true
		}
	}
	return "", false
}

// piiSerializer is the GORM serializer "pii" of string fields.
type piiSerializer struct{}

// Scan implements schema.SerializerInterface.
func (piiSerializer) Scan(ctx context.Context, field *schema.Field, dst reflect.Value, dbValue any) error {
	var stored string
	switch v := dbValue.(type) {
	case nil:
	case []byte:
		stored = string(v)
	case string:
		stored = v
	default:
		return fmt.Errorf("personal data column %s: unexpected %T", field.DBName, dbValue)
	}
	plain, err := OpenPII(stored)
	if err != nil {
		return fmt.Errorf("column %s: %w", field.DBName, err)
	}
	field.ReflectValueOf(ctx, dst).SetString(plain)
	return nil
}

// Value implements schema.SerializerValuerInterface.
func (piiSerializer) Value(ctx context.Context, field *schema.Field, dst reflect.Value, fieldValue any) (any, error) {
	s, _ := fieldValue.(string)
	return SealPII(s), nil
}
