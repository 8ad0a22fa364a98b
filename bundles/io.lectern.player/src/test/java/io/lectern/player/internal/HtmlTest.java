package io.lectern.player.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HtmlTest {

    @Test
    void escapesTextAndAttributes() {
        assertEquals("&lt;script&gt;a &amp; &quot;b&quot; &#39;c&#39;&lt;/script&gt;", Html.escape("<script>a & \"b\" 'c'</script>"));
    }
}
