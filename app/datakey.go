package main

import (
	"context"
	"errors"
	"fmt"

	"selfcheck/models"
)

// setupDataKey installs the key that encrypts personal data at rest
// (SELFCHECK_DATA_KEY, cipher SELFCHECK_CIPHER). Demo mode without a key
// uses a fixed demo key. Outside demo mode a missing key is an error only
// when the database already holds encrypted data (it could not be read);
// otherwise personal data is stored unencrypted, with a warning.
func (a *App) setupDataKey(ctx context.Context) error {
	cipher := a.cfg.Cipher
	if cipher == "" {
		cipher = models.CipherAES
	}
	if cipher != models.CipherAES && cipher != models.CipherSM4 {
		return fmt.Errorf("SELFCHECK_CIPHER: %q is not aes or sm4", a.cfg.Cipher)
	}
	if a.cfg.DataKey != "" {
		key, err := models.ParseDataKey(a.cfg.DataKey)
		if err != nil {
			return fmt.Errorf("SELFCHECK_DATA_KEY: %w", err)
		}
		if err := models.SetDataKey(key, cipher); err != nil {
			return fmt.Errorf("SELFCHECK_DATA_KEY: %w", err)
		}
		a.log.Debug("personal data encrypted at rest", "cipher", cipher, "key_id", models.DataKeyID(key))
		return nil
	}
	if err := models.SetDataKey(models.DemoDataKey, cipher); err != nil {
		return err
	}
	if a.cfg.Demo {
		a.log.Warn("SELFCHECK_DATA_KEY is not set: personal data is encrypted with the public demo key", "cipher", cipher)
		return nil
	}
	sealed, err := a.store.HasSealedPII(ctx)
	if err != nil {
		// A command that does not migrate may run before the schema exists.
		a.log.Debug("could not tell whether personal data is encrypted", "err", err)
	}
	if sealed {
		return errors.New("SELFCHECK_DATA_KEY: not set, but the database holds encrypted personal data; set the key it was written with")
	}
	models.StorePIIPlain()
	a.log.Warn("SELFCHECK_DATA_KEY is not set: personal data (legal representatives, contact phones) is stored unencrypted; set a key (openssl rand -base64 32) and run selfcheck encrypt")
	return nil
}
