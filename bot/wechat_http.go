package bot

import (
	"net/http"

	"github.com/silenceper/wechat/v2/util"
)

// InstallHTTPClient makes c the SDK's process-wide HTTP client, through
// which every outbound WeChat call goes. Call it once at start, before any
// call, with a client from NewHTTPClient: the SDK's default has no timeout.
func InstallHTTPClient(c *http.Client) { util.DefaultHTTPClient = c }
