/**
 * How the pages say where the GLOBAL social review stands (docs/rules.md#the-tandem-file): « à prévoir », « prévu
 * le … », « fait le … » or « en retard ».
 */
import type { SocialReviewState } from "@/domain";

const french = (date: string) => date.split("-").reverse().join("/");

export function socialReviewPhrase(review: SocialReviewState): string {
  switch (review.state) {
    case "TO_PLAN":
      return `à prévoir (avant le ${french(review.dueDate)})`;
    case "PLANNED":
      return `prévu le ${french(review.on)}`;
    case "DONE":
      return `fait le ${french(review.on)}`;
    case "OVERDUE":
      return `en retard (dû le ${french(review.dueDate)})`;
  }
}
