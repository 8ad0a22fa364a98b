package io.lectern.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class MediaFilesTest {

    @Test
    void plainNamesAreRelativePathsOfPlainParts() {
        for (String good : new String[] {"master.m3u8", "720p/seg-3.m4s", "720p/seg-3.1.m4s", "a/b/c", "_x", "x".repeat(128)}) {
            assertTrue(MediaFiles.plainName(good), good);
        }
        for (String bad : new String[] {null, "", "..", "../x", "a/../b", "a..b", "/a", "a/", "a//b", ".hidden", "a/.b", "a/b/c/d",
                "a\\\\b", "a b", "%2e", "x".repeat(129)}) {
            assertFalse(MediaFiles.plainName(bad), String.valueOf(bad));
        }
    }

    /** The hand-written check says what the rule's regular expression says, on many random names. */
    @Test
    void plainNamesFollowTheirRule() {
        Pattern rule = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}(?:/[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}){0,2}");
        Random random = new Random(7);
        String alphabet = "aZ9_-./\\\\%: ";
        for (int n = 0; n < 200_000; n++) {
            int length = n % 10 == 0 ? random.nextInt(300) : random.nextInt(10);
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < length; i++) {
                b.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String name = b.toString();
            assertEquals(rule.matcher(name).matches() && !name.contains(".."), MediaFiles.plainName(name), name);
        }
    }
}
