package storetest

import (
	"context"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/emmansun/gmsm/sm4"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

// rawPII reads a firm's personal columns as stored.
func rawPII(t *testing.T, s *models.Store, id int64) (legalRep, phone string) {
	t.Helper()
	row := s.DB().Raw("SELECT legal_rep, contact_phone FROM enterprises WHERE id = ?", id).Row()
	if err := row.Scan(&legalRep, &phone); err != nil {
		t.Fatal(err)
	}
	return legalRep, phone
}

func TestPIIEncryptedAtRest(t *testing.T) {
	for _, c := range []string{models.CipherAES, models.CipherSM4} {
		t.Run(c, func(t *testing.T) {
			if err := models.SetDataKey(models.DemoDataKey, c); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { models.SetDataKey(models.DemoDataKey, models.CipherAES) })
			modelstest.Each(t, func(t *testing.T, s *models.Store) {
				ctx := context.Background()
				e := modelstest.Enterprise(t, s, func(e *models.Enterprise) {
					e.LegalRep, e.ContactPhone = "欧阳娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜娜", "13800138000"
				})
				rep, phone := rawPII(t, s, e.ID)
				prefix := map[string]string{models.CipherAES: "aes1:", models.CipherSM4: "sm41:"}[c]
				if strings.Contains(rep, "欧阳") || strings.Contains(phone, "138") || !strings.HasPrefix(rep, prefix) || !strings.HasPrefix(phone, prefix) {
					t.Errorf("stored legal_rep %q, contact_phone %q: want %s ciphertext", rep, phone, prefix)
				}
				got, err := s.Enterprise(ctx, e.ID)
				if err != nil {
					t.Fatal(err)
				}
				if got.LegalRep != e.LegalRep || got.ContactPhone != "13800138000" {
					t.Errorf("Enterprise() = %q %q, want the plaintext back", got.LegalRep, got.ContactPhone)
				}
				if sealed, err := s.HasSealedPII(ctx); err != nil || !sealed {
					t.Errorf("HasSealedPII() = %v, %v, want true", sealed, err)
				}
			})
		})
	}
}

func TestEncryptPIIOfPlaintextRows(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		e := modelstest.Enterprise(t, s, nil)
		// A row from before encryption.
		if err := s.DB().Exec("UPDATE enterprises SET legal_rep = ?, contact_phone = ? WHERE id = ?", "张三", "0757-83000000", e.ID).Error; err != nil {
			t.Fatal(err)
		}
		if sealed, err := s.HasSealedPII(ctx); err != nil || sealed {
			t.Errorf("HasSealedPII() = %v, %v, want false", sealed, err)
		}
		got, err := s.Enterprise(ctx, e.ID)
		if err != nil || got.LegalRep != "张三" {
			t.Fatalf("plaintext row reads %+v, %v", got, err)
		}
		for i, want := range []int64{1, 0} {
			if n, err := s.EncryptPII(ctx, 100, nil); err != nil || n != want {
				t.Errorf("EncryptPII run %d = %d, %v, want %d", i, n, err, want)
			}
		}
		if rep, phone := rawPII(t, s, e.ID); !models.IsSealedPII(rep) || !models.IsSealedPII(phone) {
			t.Errorf("after EncryptPII: %q %q", rep, phone)
		}
		if got, err = s.Enterprise(ctx, e.ID); err != nil || got.LegalRep != "张三" || got.ContactPhone != "0757-83000000" {
			t.Errorf("after EncryptPII reads %+v, %v", got, err)
		}
	})
}

func TestParseDataKey(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		ok       bool
	}{
		{"Base64", "c2VsZmNoZWNrLWRlbW8tZGF0YS1rZXktMzItYnl0ZXM=", true},
		{"Hex", strings.Repeat("ab", 32), true},
		{"ErrShort", "c2hvcnQ=", false},
		{"ErrGarbage", "not a key!", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k, err := models.ParseDataKey(tc.in)
			if (err == nil) != tc.ok || (tc.ok && len(k) != models.DataKeySize) {
				t.Errorf("ParseDataKey(%q) = %d bytes, %v", tc.in, len(k), err)
			}
		})
	}
}

// TestSM4KnownAnswer checks the SM4 block cipher against the example of
// GB/T 32907-2016 (appendix A.1), so that sm4 means SM4.
func TestSM4KnownAnswer(t *testing.T) {
	key, _ := hex.DecodeString("0123456789abcdeffedcba9876543210")
	b, err := sm4.NewCipher(key)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]byte, 16)
	b.Encrypt(out, key)
	if got, want := hex.EncodeToString(out), "681edf34d206965e86b3e94f536e4246"; got != want {
		t.Errorf("SM4(%x) = %s, want %s", key, got, want)
	}
}
