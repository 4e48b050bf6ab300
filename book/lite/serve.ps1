# Serve the CX Workbook on this computer with nothing installed (Windows PowerShell 5.1 or later):
#   powershell -ExecutionPolicy Bypass -File serve.ps1
# then open http://localhost:8765/ . Only this computer can connect (localhost). Ctrl+C stops it.
# Serves the folder "site" beside this script (the bundle), or else the script's own folder.
# .wasm goes out as application/wasm and .mjs as text/javascript, as Pyodide requires.
param([int]$Port = 8765, [string]$Root = "")
if (-not $Root) {
    $Root = Join-Path $PSScriptRoot "site"
    if (-not (Test-Path $Root -PathType Container)) { $Root = $PSScriptRoot }
}
$Root = (Resolve-Path $Root).Path.TrimEnd('\', '/') + [System.IO.Path]::DirectorySeparatorChar
$types = @{
    ".html" = "text/html; charset=utf-8"; ".js" = "text/javascript"; ".mjs" = "text/javascript"
    ".wasm" = "application/wasm"; ".json" = "application/json"; ".ipynb" = "application/json"
    ".css" = "text/css"; ".svg" = "image/svg+xml"; ".png" = "image/png"; ".ico" = "image/x-icon"
    ".woff" = "font/woff"; ".woff2" = "font/woff2"; ".ttf" = "font/ttf"; ".eot" = "application/vnd.ms-fontobject"
    ".txt" = "text/plain; charset=utf-8"; ".csv" = "text/csv; charset=utf-8"; ".zip" = "application/zip"
    ".whl" = "application/octet-stream"; ".webmanifest" = "application/manifest+json"
}
$listener = New-Object System.Net.HttpListener
$listener.Prefixes.Add("http://localhost:$Port/")
$listener.Start()
Write-Host "CX Workbook: http://localhost:$Port/   (in the browser: http://localhost:$Port/lite/ ; Ctrl+C stops it)"
try {
    while ($listener.IsListening) {
        $task = $listener.GetContextAsync()
        while (-not $task.AsyncWaitHandle.WaitOne(200)) { }  # lets Ctrl+C through
        $context = $task.GetAwaiter().GetResult()
        $response = $context.Response
        try {
            $path = [System.Uri]::UnescapeDataString($context.Request.Url.AbsolutePath)
            $file = [System.IO.Path]::GetFullPath([System.IO.Path]::Combine($Root, $path.TrimStart('/')))
            if (-not ($file + [System.IO.Path]::DirectorySeparatorChar).StartsWith($Root, [System.StringComparison]::OrdinalIgnoreCase)) {
                $response.StatusCode = 403
            } elseif ((Test-Path -LiteralPath $file -PathType Container) -and -not $path.EndsWith('/')) {
                $response.Redirect($path + '/' + $context.Request.Url.Query)  # relative links need the slash
            } else {
                if (Test-Path -LiteralPath $file -PathType Container) { $file = Join-Path $file "index.html" }
                if (Test-Path -LiteralPath $file -PathType Leaf) {
                    $extension = [System.IO.Path]::GetExtension($file).ToLowerInvariant()
                    $response.ContentType = if ($types.ContainsKey($extension)) { $types[$extension] } else { "application/octet-stream" }
                    $bytes = [System.IO.File]::ReadAllBytes($file)
                    $response.ContentLength64 = $bytes.Length
                    $response.OutputStream.Write($bytes, 0, $bytes.Length)
                } else {
                    $response.StatusCode = 404
                }
            }
        } catch {
            try { $response.StatusCode = 500 } catch { }  # headers already sent: the browser left
        } finally {
            try { $response.OutputStream.Close() } catch { }
        }
    }
} finally {
    $listener.Stop()
}
