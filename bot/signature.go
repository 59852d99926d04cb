package bot

import (
	"crypto/sha1"
	"crypto/subtle"
	"encoding/hex"
	"sort"
	"strings"
)

// signature is WeChat's request signature: the SHA-1 of the sorted parts
// (token, timestamp, nonce, and in safe mode the encrypted message) joined.
func signature(parts ...string) string {
	p := append([]string(nil), parts...)
	sort.Strings(p)
	sum := sha1.Sum([]byte(strings.Join(p, "")))
	return hex.EncodeToString(sum[:])
}

// validSignature checks the plain signature in constant time. An empty token
// or a missing part never validates.
func validSignature(token, sig, timestamp, nonce string) bool {
	if token == "" || sig == "" || timestamp == "" || nonce == "" {
		return false
	}
	return equalSignature(sig, signature(token, timestamp, nonce))
}

// equalSignature compares a received signature with the expected one in
// constant time.
func equalSignature(got, want string) bool {
	return got != "" && subtle.ConstantTimeCompare([]byte(want), []byte(got)) == 1
}
