package org.tri2plane.eval.report;

import java.util.Base64;

/** A self-contained HTML page being written: escaped text, inlined images, the page's own style and self-check. */
final class Html {

    private static final String STYLE = "body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}"
            + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}"
            + "img{max-width:100%;display:block;margin:.5em 0}.videos{display:flex;flex-wrap:wrap;gap:1em}"
            + "video{max-width:520px}.pair{display:flex;gap:1em}.pair img{max-width:49%}.warn{color:#a60}"
            + "pre{background:#f6f6f6;padding:1em;overflow:auto;font-size:12px}.note{color:#666}";

    /**
     * Marks, once everything has loaded, whether every image decoded and every video has a
     * duration and plays ({@code <body data-check="…">}, JSON); a failure is also logged as a
     * console error. What the browser test reads; harmless to a reader.
     */
    private static final String SELF_CHECK = "window.addEventListener('load',async()=>{"
            + "const imgs=[...document.images].map(i=>i.complete&&i.naturalWidth>0);"
            + "const vids=await Promise.all([...document.querySelectorAll('video')].map(v=>new Promise(res=>{"
            + "const done=ok=>res(ok);const t=setTimeout(()=>done(false),8000);"
            + "const go=()=>v.play().then(()=>{clearTimeout(t);done(v.duration>0)}).catch(()=>{clearTimeout(t);done(false)});"
            + "if(v.readyState>=1){go()}else{v.addEventListener('loadedmetadata',go,{once:true});"
            + "v.addEventListener('error',()=>{clearTimeout(t);done(false)},{once:true})}})));"
            + "const r={images:imgs.length,imagesOk:imgs.filter(x=>x).length,videos:vids.length,videosOk:vids.filter(x=>x).length};"
            + "document.body.dataset.check=JSON.stringify(r);"
            + "if(r.imagesOk<r.images||r.videosOk<r.videos)console.error('report self-check failed: '+JSON.stringify(r));});";

    private final StringBuilder sb = new StringBuilder();

    Html(String title) {
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>");
        text(title);
        sb.append("</title><style>").append(STYLE).append("</style></head><body>\n");
    }

    Html raw(String html) {
        sb.append(html);
        return this;
    }

    Html text(String s) {
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        return this;
    }

    /** An inlined image with its caption as alt text and caption. */
    Html image(String caption, byte[] bytes, String type) {
        sb.append("<figure><img alt=\"");
        text(caption);
        sb.append("\" src=\"data:").append(type).append(";base64,").append(Base64.getEncoder().encodeToString(bytes))
                .append("\"><figcaption>");
        text(caption);
        sb.append("</figcaption></figure>\n");
        return this;
    }

    String finish() {
        sb.append("<script>").append(SELF_CHECK).append("</script>\n</body></html>\n");
        return sb.toString();
    }
}
