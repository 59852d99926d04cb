package storetest

import (
	"os"
	"testing"

	"selfcheck/models/modelstest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	modelstest.DropTemplates()
	os.Exit(code)
}
