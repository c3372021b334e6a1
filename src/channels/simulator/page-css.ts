// The simulator page's stylesheet (inlined by page.ts): LINE's chat look, and the Flex defaults LINE uses (text md
// 16 px, buttons 52/40 px high, separators #d4d6da, bubbles 300 px wide for mega).

export const PAGE_CSS = `
*{box-sizing:border-box}body{margin:0;font-family:-apple-system,"Noto Sans TC","Helvetica Neue",Arial,sans-serif;background:#e9edf2;height:100vh;display:flex}
#side{width:260px;background:#1f2a37;color:#fff;padding:12px;display:flex;flex-direction:column;gap:8px;overflow-y:auto}
#side h1{font-size:16px;margin:4px 0 8px}#side small{color:#9aa8b6}
.member{padding:8px 10px;border-radius:8px;cursor:pointer;background:#2c3a4a}.member.active{background:#06c755;color:#fff}
#side input,#side select,#side textarea{width:100%;padding:6px;border-radius:6px;border:0;font:12px ui-monospace,monospace}
#side button{padding:7px;border:0;border-radius:6px;background:#06c755;color:#fff;font-weight:600;cursor:pointer}
#paste-error{color:#ffb4a8;font-size:12px;min-height:1em}
#chat{flex:1;display:flex;flex-direction:column;max-width:560px;margin:0 auto;background:#8cabd9;min-width:0}
#title{background:#273246;color:#fff;padding:12px 16px;font-weight:600}
#exposed-warning{background:#b42318;color:#fff;padding:10px 16px;font-size:14px;line-height:1.4;font-weight:600}
#log{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:8px}
.row{display:flex;min-width:0}.row.me{justify-content:flex-end}.row.system{justify-content:center}
.row.system span{background:rgba(0,0,0,.18);color:#fff;border-radius:10px;padding:2px 10px;font-size:12px}
.bubble-text{max-width:78%;padding:8px 12px;border-radius:16px;white-space:pre-wrap;word-break:break-word;font-size:15px;line-height:1.4}
.bot .bubble-text{background:#fff}.me .bubble-text{background:#06c755;color:#fff}
.carousel{display:flex;gap:8px;overflow-x:auto;max-width:100%;padding-bottom:4px;align-items:stretch}
.flex-bubble{background:#fff;border-radius:16px;overflow:hidden;max-width:100%;flex:0 0 auto;display:flex;flex-direction:column;position:relative;color:#111}
.flex-bubble.nano,.flex-bubble.micro{border-radius:10px}
.fx-box{display:flex;min-width:0;position:relative}.fx-text{min-width:0;font-size:16px;line-height:1.4;color:#111111}
.fx-image{display:flex;min-width:0}.fx-img{display:block;background:transparent}.fx-icon{display:inline-block;object-fit:contain}
.fx-btn{border:0;border-radius:8px;padding:0 16px;font-size:16px;cursor:pointer;width:100%;font-family:inherit}
.fx-btn.primary{background:#17c950;color:#fff}.fx-btn.secondary{background:#dcdfe5;color:#111}.fx-btn.link{background:none;color:#42659a}
.fx-sep{flex:0 0 auto}
#quick{display:flex;gap:6px;overflow-x:auto;padding:6px 10px;min-height:44px;background:#7a9ccf}
.chip{flex:0 0 auto;border:1px solid #fff;background:rgba(255,255,255,.92);border-radius:16px;padding:6px 12px;font-size:13px;cursor:pointer}
#composer{display:flex;gap:6px;padding:8px;background:#fff}#composer input{flex:1;padding:10px;border:1px solid #ccd;border-radius:18px}
#composer button{border:0;background:#06c755;color:#fff;border-radius:18px;padding:0 16px;font-weight:600;cursor:pointer}
#menu-toggle{border:0;border-top:1px solid #ddd;background:#fff;padding:10px;font-size:14px;cursor:pointer;width:100%}
#menu-toggle[hidden],#rich-menu[hidden]{display:none}
#rich-menu{position:relative;width:100%;background:#f2f2f2;overflow:hidden}
#rich-menu img{display:block;width:100%;height:100%;object-fit:fill}
.rm-area{position:absolute;border:0;margin:0;padding:0;background:transparent;cursor:pointer}
.rm-area:hover,.rm-area:focus{background:rgba(0,0,0,.08);outline:none}
`;
