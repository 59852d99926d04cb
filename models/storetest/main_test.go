package storetest

import (
	"os"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

func TestMain(m *testing.M) {
	// Hashing at bcrypt's default cost dominates the suite under -race.
	models.PasswordCost = bcrypt.MinCost
	code := m.Run()
	modelstest.DropTemplates()
	os.Exit(code)
}
