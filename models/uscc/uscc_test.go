package uscc

import (
	"errors"
	"testing"
)

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		code string
		want error
	}{
		{"OK/Midea", "91440606722473344C", nil},
		{"OK/BYD", "91440300192317458F", nil},
		{"OK/CMB", "9144030010001686XA", nil},
		{"OK/Huawei", "914403001922038216", nil},
		{"OK/Tencent", "9144030071526726XG", nil},
		{"OK/Alibaba", "91330100716105852F", nil},
		{"OK/SyntheticEnterprise", "91440604MA4C7WUW3J", nil},
		{"OK/SyntheticX17", "91440604MA50PUGKX7", nil},
		{"OK/Individual", "92440604MA5DD1R46Q", nil},
		{"OK/Cooperative", "93440604MA5PXLWC84", nil},
		{"ErrCheck/MideaChanged", "91440606722473344D", ErrCheck},
		{"ErrCheck/RealLooking", "91350203M0001QAY9B", ErrCheck},
		{"ErrLength/Short", "9144060672247334", ErrLength},
		{"ErrLength/Empty", "", ErrLength},
		{"ErrCharacter/LetterO", "91440606722473344O", ErrCharacter},
		{"ErrCharacter/Lower", "91440606722473344c", ErrCharacter},
		{"ErrRegion", "9144A606722473344C", ErrRegion},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Validate(tc.code); !errors.Is(got, tc.want) {
				t.Errorf("Validate(%q) = %v, want %v", tc.code, got, tc.want)
			}
		})
	}
}

func TestCheck17(t *testing.T) {
	if got := Check17("72247334"); got != '4' {
		t.Errorf("Check17(72247334) = %q, want '4'", got)
	}
	if got := Check17("MA50PUGK"); got != 'X' {
		t.Errorf("Check17(MA50PUGK) = %q, want 'X'", got)
	}
}

func TestBuild(t *testing.T) {
	if got, want := Build("91", "440606", "72247334"), "91440606722473344C"; got != want {
		t.Errorf("Build = %q, want %q", got, want)
	}
	if got := Build("91", "4406", "72247334"); got != "" {
		t.Errorf("Build with short region = %q, want empty", got)
	}
}

func TestNormalize(t *testing.T) {
	if got, want := Normalize(" 9144 0606-722473344c "), "91440606722473344C"; got != want {
		t.Errorf("Normalize = %q, want %q", got, want)
	}
}

func FuzzValidate(f *testing.F) {
	f.Add("91440606722473344C")
	f.Add("91350203M0001QAY9B")
	f.Add("")
	f.Fuzz(func(t *testing.T, code string) {
		err := Validate(code)
		if err == nil && (len(code) != 18 || Check18(code[:17]) != code[17]) {
			t.Fatalf("Validate(%q) accepted a malformed code", code)
		}
	})
}
