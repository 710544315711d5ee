/* SPDX-License-Identifier: GPL-3.0-or-later
 * SPDX-FileCopyrightText: 2026 The Ewelists developers */

#include "config.h"

#include <adwaita.h>
#include <libsoup/soup.h>

#include "ewe-friend-gift-card.h"
#include "ewe-gift-card.h"
#include "ewe-resources.h"
#include "ewe-style.h"

/* A gift card follows its gift as the store changes it in place, hides
 * the counts in surprise mode, and loads its picture through the cache. */

static void
iterate_until (gboolean (*done) (gpointer), gpointer data)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!done (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

/* A gift all taken shows its picture dimmed. */
static gboolean
picture_dimmed (GtkWidget *card)
{
  for (GtkWidget *child = gtk_widget_get_first_child (card); child; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_PICTURE (child))
      return gtk_widget_get_opacity (child) < 1.0;

  g_assert_not_reached ();
}

static gboolean
widget_is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

/* Every label a person sees on @widget, one per line: not those hidden
 * nor those their parent leaves out (child-visible). */
static void
collect_visible_text (GtkWidget *widget,
                      GString   *out)
{
  if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget))
    return;

  if (GTK_IS_LABEL (widget))
    {
      g_assert_false (gtk_label_get_use_markup (GTK_LABEL (widget)));
      g_string_append (out, gtk_label_get_text (GTK_LABEL (widget)));
      g_string_append_c (out, '\n');
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_visible_text (child, out);
}

static char *
visible_text (GtkWidget *widget)
{
  GString *out = g_string_new (NULL);

  collect_visible_text (widget, out);

  return g_string_free (out, FALSE);
}

static EweGift *
make_gift (void)
{
  EweGift *gift = ewe_gift_new ();

  ewe_gift_set_brand (gift, "Little Oak");
  ewe_gift_set_details (gift, "<b>Wooden</b> Rocking Horse");
  ewe_gift_set_price (gift, "129.00");
  ewe_gift_set_quantity (gift, 3);
  ewe_gift_set_reserved (gift, 1);
  ewe_gift_set_purchased (gift, 0);

  return gift;
}

static void
test_follows_gift (void)
{
  g_autoptr(EweGift) gift = make_gift ();
  GtkWidget       *window = gtk_window_new ();
  GtkWidget       *card = ewe_gift_card_new (NULL);
  g_autofree char *text = NULL;

  ewe_gift_card_set_gift (EWE_GIFT_CARD (card), gift);
  gtk_window_set_child (GTK_WINDOW (window), card);
  gtk_window_present (GTK_WINDOW (window));
  iterate_until (widget_is_mapped, card);

  text = visible_text (card);
  g_assert_nonnull (strstr (text, "Little Oak\n"));
  /* User text stays text. */
  g_assert_nonnull (strstr (text, "<b>Wooden</b> Rocking Horse\n"));
  g_assert_nonnull (strstr (text, "129.00\n"));
  g_assert_nonnull (strstr (text, "Wanted: 3\n"));
  g_assert_nonnull (strstr (text, "1 reserved · 0 bought\n"));
  g_assert_false (picture_dimmed (card));
  g_clear_pointer (&text, g_free);

  /* The store updates gifts in place; the card follows. */
  ewe_gift_set_reserved (gift, 2);
  ewe_gift_set_purchased (gift, 1);
  text = visible_text (card);
  g_assert_nonnull (strstr (text, "2 reserved · 1 bought\n"));
  g_assert_nonnull (strstr (text, "All Reserved\n"));
  g_assert_true (picture_dimmed (card));
  g_clear_pointer (&text, g_free);

  ewe_gift_set_reserved (gift, 0);
  ewe_gift_set_purchased (gift, 3);
  ewe_gift_set_details (gift, "Rocking Horse");
  text = visible_text (card);
  g_assert_nonnull (strstr (text, "Bought\n"));
  g_assert_nonnull (strstr (text, "Rocking Horse\n"));
  g_clear_pointer (&text, g_free);

  /* Rebinding to another gift (the grid recycles cards) forgets the first. */
  {
    g_autoptr(EweGift) other = ewe_gift_new ();

    ewe_gift_set_details (other, "Blanket");
    ewe_gift_set_quantity (other, 1);
    ewe_gift_card_set_gift (EWE_GIFT_CARD (card), other);
    ewe_gift_set_details (gift, "Changed behind the card's back");
    text = visible_text (card);
    g_assert_nonnull (strstr (text, "Blanket\n"));
    g_assert_null (strstr (text, "Changed"));
    g_assert_null (strstr (text, "Little Oak"));
    g_assert_false (picture_dimmed (card));
    g_clear_pointer (&text, g_free);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* An unlimited gift says so instead of a number wanted, and is never
 * "All Reserved" however many guests give. */
static GtkLabel *
find_label_containing (GtkWidget  *widget,
                       const char *needle)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), needle) != NULL)
    return GTK_LABEL (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label_containing (child, needle);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
counts_laid_out (gpointer data)
{
  GtkWidget *label = data;

  return gtk_widget_get_mapped (label) && gtk_widget_get_width (label) > 0;
}

/* On a phone the grid has two columns of the narrowest cards: the counts
 * were cut to "10 reserved · 10 bo…". They wrap after the separator
 * instead, whole; on a wide card they keep one line. */
static void
test_counts_fit_narrow (void)
{
  g_autoptr(EweGift) gift = make_gift ();
  const struct
  {
    int   width;
    guint lines;
  } cases[] = {
    { 150, 2 }, /* CARD_MIN_WIDTH, as at 360 px */
    { 400, 1 },
  };

  ewe_gift_set_quantity (gift, 30);
  ewe_gift_set_reserved (gift, 10);
  ewe_gift_set_purchased (gift, 10);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GtkWidget   *window = gtk_window_new ();
      GtkWidget   *card = ewe_gift_card_new (NULL);
      GtkLabel    *counts;
      PangoLayout *layout;
      const char  *text;

      ewe_gift_card_set_gift (EWE_GIFT_CARD (card), gift);
      /* The card fills the window, as a grid's cell. */
      gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
      gtk_window_set_default_size (GTK_WINDOW (window), cases[i].width, -1);
      gtk_window_set_child (GTK_WINDOW (window), card);
      gtk_window_present (GTK_WINDOW (window));

      counts = find_label_containing (card, "reserved");
      g_assert_nonnull (counts);
      iterate_until (counts_laid_out, counts);
      g_assert_cmpint (gtk_widget_get_width (card), ==, cases[i].width);

      text = gtk_label_get_text (counts);
      g_assert_cmpstr (text, ==, "10 reserved · 10 bought");
      layout = gtk_label_get_layout (counts);
      g_test_message ("%d px: %d lines", cases[i].width, pango_layout_get_line_count (layout));
      g_assert_false (pango_layout_is_ellipsized (layout));
      g_assert_cmpuint (pango_layout_get_line_count (layout), ==, cases[i].lines);
      if (cases[i].lines == 2)
        /* Broken after the separator, not inside a count. */
        g_assert_cmpstr (text + pango_layout_get_line_readonly (layout, 1)->start_index, ==, "10 bought");

      gtk_window_destroy (GTK_WINDOW (window));
    }
}

static void
test_unlimited (void)
{
  g_autoptr(EweGift) gift = make_gift ();
  GtkWidget       *window = gtk_window_new ();
  GtkWidget       *card = ewe_gift_card_new (NULL);
  g_autofree char *text = NULL;

  ewe_gift_set_unlimited (gift, TRUE);
  ewe_gift_set_reserved (gift, 5);
  ewe_gift_set_purchased (gift, 2);
  ewe_gift_card_set_gift (EWE_GIFT_CARD (card), gift);
  gtk_window_set_child (GTK_WINDOW (window), card);
  gtk_window_present (GTK_WINDOW (window));
  iterate_until (widget_is_mapped, card);

  text = visible_text (card);
  g_assert_nonnull (strstr (text, "As many as you like\n"));
  g_assert_null (strstr (text, "Wanted:"));
  g_assert_nonnull (strstr (text, "5 reserved · 2 bought\n"));
  g_assert_null (strstr (text, "All Reserved"));
  g_assert_false (picture_dimmed (card));
  g_clear_pointer (&text, g_free);

  /* Limited again (the quantity of three already given), it is taken. */
  ewe_gift_set_unlimited (gift, FALSE);
  text = visible_text (card);
  g_assert_nonnull (strstr (text, "Wanted: 3\n"));
  g_assert_nonnull (strstr (text, "All Reserved\n"));
  g_assert_true (picture_dimmed (card));

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
star_shown (GtkWidget *card)
{
  GtkWidget *star = GTK_WIDGET (gtk_widget_get_template_child (card, EWE_TYPE_GIFT_CARD, "star_button"));

  return gtk_widget_get_child_visible (star);
}

static const char *
star_icon (GtkWidget *card)
{
  GtkWidget *star = GTK_WIDGET (gtk_widget_get_template_child (card, EWE_TYPE_GIFT_CARD, "star_button"));

  return gtk_button_get_icon_name (GTK_BUTTON (star));
}

static void
toggled_cb (EweGiftCard *card,
            guint       *count)
{
  (*count)++;
}

/* The owner's star: on every card of theirs, pressed it asks; filled
 * once the gift is most wanted. A friend sees it only on starred gifts,
 * and cannot press it. */
static void
test_star (void)
{
  g_autoptr(EweGift) gift = make_gift ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *card = ewe_gift_card_new (NULL);
  guint      toggled = 0;

  ewe_gift_card_set_gift (EWE_GIFT_CARD (card), gift);
  g_signal_connect (card, "toggle-most-wanted", G_CALLBACK (toggled_cb), &toggled);
  gtk_window_set_child (GTK_WINDOW (window), card);
  gtk_window_present (GTK_WINDOW (window));
  iterate_until (widget_is_mapped, card);

  g_assert_true (star_shown (card));
  g_assert_cmpstr (star_icon (card), ==, "non-starred-symbolic");
  g_assert_true (gtk_widget_activate_action (card, "gift.toggle-most-wanted", NULL));
  g_assert_cmpuint (toggled, ==, 1);
  /* The store changes the gift; the card follows. */
  ewe_gift_set_most_wanted (gift, TRUE);
  g_assert_cmpstr (star_icon (card), ==, "starred-symbolic");

  ewe_gift_card_set_editable (EWE_GIFT_CARD (card), FALSE);
  g_assert_true (star_shown (card));
  gtk_widget_activate_action (card, "gift.toggle-most-wanted", NULL);
  g_assert_cmpuint (toggled, ==, 1);
  ewe_gift_set_most_wanted (gift, FALSE);
  g_assert_false (star_shown (card));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_surprise_mode (void)
{
  g_autoptr(EweGift) gift = make_gift ();
  GtkWidget       *window = gtk_window_new ();
  GtkWidget       *card = ewe_gift_card_new (NULL);
  g_autofree char *text = NULL;

  ewe_gift_set_reserved (gift, 3);
  ewe_gift_card_set_gift (EWE_GIFT_CARD (card), gift);
  ewe_gift_card_set_surprise_mode (EWE_GIFT_CARD (card), TRUE);
  gtk_window_set_child (GTK_WINDOW (window), card);
  gtk_window_present (GTK_WINDOW (window));
  iterate_until (widget_is_mapped, card);

  /* Nothing gives away what guests did. */
  text = visible_text (card);
  g_assert_nonnull (strstr (text, "Wanted: 3\n"));
  g_assert_null (strstr (text, "reserved"));
  g_assert_null (strstr (text, "Reserved"));
  g_assert_null (strstr (text, "bought"));
  g_assert_false (picture_dimmed (card));
  g_clear_pointer (&text, g_free);

  ewe_gift_card_set_surprise_mode (EWE_GIFT_CARD (card), FALSE);
  text = visible_text (card);
  g_assert_nonnull (strstr (text, "3 reserved · 0 bought\n"));
  g_assert_true (picture_dimmed (card));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
count_cb (guint *count)
{
  (*count)++;
}

static gboolean
count_is_one (gpointer data)
{
  return *(guint *)data == 1;
}

/* The card's menu is made when it is first opened, by its button or by a
 * right click, and it edits and removes the gift. */
static void
test_menu_on_demand (void)
{
  g_autoptr(EweGift) gift = make_gift ();
  GtkWidget     *window = gtk_window_new ();
  GtkWidget     *card = ewe_gift_card_new (NULL);
  GtkMenuButton *button;
  GtkGesture    *right_click = NULL;
  g_autoptr(GListModel) controllers = NULL;
  GMenuModel *menu;
  GtkPopover *popover;
  guint       edits = 0;

  ewe_gift_card_set_gift (EWE_GIFT_CARD (card), gift);
  gtk_window_set_child (GTK_WINDOW (window), card);
  gtk_window_present (GTK_WINDOW (window));
  iterate_until (widget_is_mapped, card);

  button = GTK_MENU_BUTTON (gtk_widget_get_template_child (card, EWE_TYPE_GIFT_CARD, "menu_button"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (button)));
  /* Nothing made yet: no popover, no menu. */
  g_assert_null (gtk_menu_button_get_popover (button));
  g_assert_null (gtk_menu_button_get_menu_model (button));

  controllers = gtk_widget_observe_controllers (card);
  for (guint c = 0; c < g_list_model_get_n_items (controllers); c++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, c);

      if (GTK_IS_GESTURE_CLICK (controller) &&
          gtk_gesture_single_get_button (GTK_GESTURE_SINGLE (controller)) == GDK_BUTTON_SECONDARY)
        right_click = GTK_GESTURE (controller);
    }
  g_assert_nonnull (right_click);
  g_signal_emit_by_name (right_click, "pressed", 1, 20.0, 20.0);

  popover = gtk_menu_button_get_popover (button);
  g_assert_true (GTK_IS_POPOVER_MENU (popover));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  menu = gtk_menu_button_get_menu_model (button);
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, 1);
  g_assert_cmpint (g_menu_model_get_n_items (g_menu_model_get_item_link (menu, 0, G_MENU_LINK_SECTION)), ==, 2);
  gtk_menu_button_popdown (button);

  /* Opened again, the same popover. */
  gtk_menu_button_popup (button);
  g_assert_true (gtk_menu_button_get_popover (button) == popover);
  gtk_menu_button_popdown (button);

  /* Not the owner's: no menu at all. */
  ewe_gift_card_set_editable (EWE_GIFT_CARD (card), FALSE);
  g_signal_connect_swapped (card, "edit", G_CALLBACK (count_cb), &edits);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (button)));
  gtk_widget_activate_action (card, "gift.edit", NULL);
  g_assert_cmpuint (edits, ==, 0);
  ewe_gift_card_set_editable (EWE_GIFT_CARD (card), TRUE);
  gtk_widget_activate_action (card, "gift.edit", NULL);
  g_assert_cmpuint (edits, ==, 1);

  gtk_window_destroy (GTK_WINDOW (window));
}

static gpointer
card_child (GtkWidget  *card,
            const char *name)
{
  gpointer object = gtk_widget_get_template_child (card, EWE_TYPE_GIFT_CARD, name);

  g_assert_nonnull (object);
  return object;
}

/* The gift's notes, one line, in the owner's card and in a friend's;
 * none when it has none. */
static void
test_notes (void)
{
  g_autoptr(EweGift) gift = make_gift ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *owners = ewe_gift_card_new (NULL);
  GtkWidget *friends = ewe_gift_card_new (NULL);
  GtkWidget *cards[] = { owners, friends };
  int        height = 0;

  ewe_gift_card_set_editable (EWE_GIFT_CARD (friends), FALSE);
  ewe_gift_card_set_reservable (EWE_GIFT_CARD (friends), TRUE);
  gtk_box_append (GTK_BOX (box), owners);
  gtk_box_append (GTK_BOX (box), friends);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
  iterate_until (widget_is_mapped, friends);

  for (guint i = 0; i < G_N_ELEMENTS (cards); i++)
    {
      GtkLabel *notes = card_child (cards[i], "notes_label");

      ewe_gift_card_set_gift (EWE_GIFT_CARD (cards[i]), gift);
      g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (notes)));
    }

  /* The card is as big with notes as without: the grid stays even. */
  gtk_widget_measure (owners, GTK_ORIENTATION_VERTICAL, -1, &height, NULL, NULL, NULL);
  ewe_gift_set_notes (gift, "Size 2 please, in <i>oatmeal</i>, not the white one: it shows every stain");
  for (guint i = 0; i < G_N_ELEMENTS (cards); i++)
    {
      GtkLabel        *notes = card_child (cards[i], "notes_label");
      g_autofree char *text = NULL;

      iterate_until (widget_is_mapped, notes);
      text = visible_text (cards[i]);
      g_assert_nonnull (strstr (text, "Size 2 please, in <i>oatmeal</i>, not the white one: it shows every stain\n"));
      /* One line, cut to the card's width. */
      g_assert_true (gtk_label_get_single_line_mode (notes));
      g_assert_cmpint (gtk_label_get_ellipsize (notes), ==, PANGO_ELLIPSIZE_END);
      g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (notes)), <=, gtk_widget_get_width (cards[i]));
    }
  {
    int with_notes = 0;

    gtk_widget_measure (owners, GTK_ORIENTATION_VERTICAL, -1, &with_notes, NULL, NULL, NULL);
    g_assert_cmpint (with_notes, ==, height);
  }

  /* Notes taken away: the line goes. */
  ewe_gift_set_notes (gift, "");
  for (guint i = 0; i < G_N_ELEMENTS (cards); i++)
    {
      g_autofree char *text = visible_text (cards[i]);

      g_assert_false (gtk_widget_get_mapped (card_child (cards[i], "notes_label")));
      g_assert_null (strstr (text, "Size 2"));
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A friend's card has Reserve while some are still wanted and the list is
 * open; it asks the page to reserve; once all are taken it says so. */
static void
test_reserve (void)
{
  g_autoptr(EweGift) gift = make_gift ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *card = ewe_gift_card_new (NULL);
  GtkWidget *button = card_child (card, "reserve_button");
  GtkLabel  *taken = card_child (card, "taken_label");
  guint      reserves = 0;
  int        owners_height = 0, friends_height = 0;

  g_signal_connect_swapped (card, "reserve", G_CALLBACK (count_cb), &reserves);
  ewe_gift_card_set_gift (EWE_GIFT_CARD (card), gift);
  gtk_window_set_child (GTK_WINDOW (window), card);
  gtk_window_present (GTK_WINDOW (window));
  iterate_until (widget_is_mapped, card);

  /* The owner's card has none. */
  g_assert_false (gtk_widget_get_visible (button));
  g_assert_false (ewe_gift_card_get_can_reserve (EWE_GIFT_CARD (card)));
  gtk_widget_activate_action (card, "card.reserve", NULL);
  g_assert_cmpuint (reserves, ==, 0);
  gtk_widget_measure (card, GTK_ORIENTATION_VERTICAL, -1, &owners_height, NULL, NULL, NULL);

  /* A friend's: in the card, named for screen readers, asking the page. */
  ewe_gift_card_set_editable (EWE_GIFT_CARD (card), FALSE);
  ewe_gift_card_set_reservable (EWE_GIFT_CARD (card), TRUE);
  iterate_until (widget_is_mapped, button);
  g_assert_true (gtk_widget_get_parent (button) == card);
  g_assert_true (ewe_gift_card_get_can_reserve (EWE_GIFT_CARD (card)));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Reserve <b>Wooden</b> Rocking Horse");
  /* A button clicks once it has shown itself pressed. */
  g_assert_true (gtk_widget_activate (button));
  iterate_until (count_is_one, &reserves);
  gtk_widget_measure (card, GTK_ORIENTATION_VERTICAL, -1, &friends_height, NULL, NULL, NULL);
  g_assert_cmpint (friends_height, >, owners_height);

  /* All reserved: no Reserve, and the card says so, at the same size. */
  ewe_gift_set_reserved (gift, 3);
  g_assert_false (ewe_gift_card_get_can_reserve (EWE_GIFT_CARD (card)));
  iterate_until (widget_is_mapped, taken);
  g_assert_false (gtk_widget_get_mapped (button));
  g_assert_cmpstr (gtk_label_get_text (taken), ==, "All reserved");
  gtk_widget_activate_action (card, "card.reserve", NULL);
  g_assert_cmpuint (reserves, ==, 1);
  {
    int height = 0;

    gtk_widget_measure (card, GTK_ORIENTATION_VERTICAL, -1, &height, NULL, NULL, NULL);
    g_assert_cmpint (height, ==, friends_height);
  }

  ewe_gift_set_reserved (gift, 0);
  ewe_gift_set_purchased (gift, 3);
  g_assert_cmpstr (gtk_label_get_text (taken), ==, "All bought");

  /* Still wanted, but the list closed: no Reserve either. */
  ewe_gift_set_purchased (gift, 1);
  g_assert_true (ewe_gift_card_get_can_reserve (EWE_GIFT_CARD (card)));
  ewe_gift_card_set_list_open (EWE_GIFT_CARD (card), FALSE);
  g_assert_false (ewe_gift_card_get_can_reserve (EWE_GIFT_CARD (card)));
  gtk_widget_activate_action (card, "card.reserve", NULL);
  g_assert_cmpuint (reserves, ==, 1);
  ewe_gift_card_set_list_open (EWE_GIFT_CARD (card), TRUE);
  gtk_widget_activate_action (card, "card.reserve", NULL);
  g_assert_cmpuint (reserves, ==, 2);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A friend's card is the gift card its template makes: no menu, what
 * guests did shown, Reserve; the list's state and the reserve signal pass
 * through it. */
static void
test_friend_card (void)
{
  g_autoptr(EweGift) gift = make_gift ();
  GtkWidget   *window = gtk_window_new ();
  GtkWidget   *friends = ewe_friend_gift_card_new (NULL);
  EweGiftCard *card = EWE_GIFT_CARD (gtk_widget_get_template_child (friends, EWE_TYPE_FRIEND_GIFT_CARD, "card"));
  guint        reserves = 0;

  g_signal_connect_swapped (friends, "reserve", G_CALLBACK (count_cb), &reserves);
  ewe_friend_gift_card_set_gift (EWE_FRIEND_GIFT_CARD (friends), gift);
  gtk_window_set_child (GTK_WINDOW (window), friends);
  gtk_window_present (GTK_WINDOW (window));
  iterate_until (widget_is_mapped, card);

  g_assert_true (ewe_gift_card_get_gift (card) == gift);
  g_assert_false (ewe_gift_card_get_editable (card));
  g_assert_false (gtk_widget_get_visible (card_child (GTK_WIDGET (card), "menu_button")));
  g_assert_false (ewe_gift_card_get_surprise_mode (card));
  g_assert_true (ewe_gift_card_get_reservable (card));
  g_assert_true (ewe_gift_card_get_can_reserve (card));

  gtk_widget_activate_action (GTK_WIDGET (card), "card.reserve", NULL);
  g_assert_cmpuint (reserves, ==, 1);

  ewe_friend_gift_card_set_list_open (EWE_FRIEND_GIFT_CARD (friends), FALSE);
  g_assert_false (ewe_gift_card_get_list_open (card));
  g_assert_false (ewe_gift_card_get_can_reserve (card));

  ewe_friend_gift_card_set_gift (EWE_FRIEND_GIFT_CARD (friends), NULL);
  g_assert_null (ewe_friend_gift_card_get_gift (EWE_FRIEND_GIFT_CARD (friends)));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* --- pictures ------------------------------------------------------------ */

static GBytes *
make_png (guint32 argb,
          int     size)
{
  g_autoptr(GByteArray) pixels = g_byte_array_sized_new (size * size * 4);
  g_autoptr(GBytes) data = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  for (int i = 0; i < size * size; i++)
    {
      guint8 bgra[4] = { argb & 0xff, (argb >> 8) & 0xff, (argb >> 16) & 0xff, argb >> 24 };

      g_byte_array_append (pixels, bgra, 4);
    }
  data = g_byte_array_free_to_bytes (g_steal_pointer (&pixels));
  texture = gdk_memory_texture_new (size, size, GDK_MEMORY_B8G8R8A8_PREMULTIPLIED, data, size * 4);

  return gdk_texture_save_to_png_bytes (texture);
}

static void
serve_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  GBytes **pngs = user_data;

  if (g_str_equal (path, "/gift.png") || g_str_equal (path, "/big.png"))
    {
      GBytes *png = pngs[g_str_equal (path, "/big.png")];

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_COPY,
                                        g_bytes_get_data (png, NULL), g_bytes_get_size (png));
      return;
    }

  if (g_str_equal (path, "/broken.png"))
    {
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "image/png", SOUP_MEMORY_STATIC, "not a picture", 13);
      return;
    }

  soup_server_message_set_status (msg, 404, NULL);
}

static GtkWidget *
find_picture (GtkWidget *widget)
{
  if (GTK_IS_PICTURE (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_picture (child);

      if (found)
        return found;
    }

  return NULL;
}

static gboolean
image_loaded (gpointer data)
{
  return ewe_gift_card_get_image_loaded (EWE_GIFT_CARD (data));
}

/* Draws @paintable at its own size with cairo, as GSK's cairo renderer
 * would, and checks the pixel in its middle. */
static void
assert_paints (GdkPaintable *paintable,
               guint32       argb)
{
  int width = gdk_paintable_get_intrinsic_width (paintable);
  int height = gdk_paintable_get_intrinsic_height (paintable);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t         *cr = cairo_create (surface);
  const guint32   *pixel;

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  pixel = (const guint32 *)(cairo_image_surface_get_data (surface) +
                            (height / 2) * cairo_image_surface_get_stride (surface)) +
          width / 2;
  g_assert_cmphex (*pixel, ==, argb);
  cairo_surface_destroy (surface);
}

static void
test_picture (void)
{
  g_autoptr(GBytes) png = make_png (0xffcc3344, 32);
  g_autoptr(GBytes) big_png = make_png (0xff3344cc, 1200);
  GBytes          *pngs[2] = { png, big_png };
  g_autofree char *big = NULL;
  GtkWidget       *picture;
  GdkPaintable    *paintable;
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ewe-gift-card-XXXXXX", &error);
  g_autoptr(EweImageCache) cache = ewe_image_cache_new (dir);
  g_autoptr(EweGift) gift = make_gift ();
  g_autofree char *url = NULL;
  g_autofree char *broken = NULL;
  GtkWidget       *window = gtk_window_new ();
  GtkWidget       *card = ewe_gift_card_new (cache);
  gint64           until;

  g_assert_no_error (error);
  soup_server_add_handler (server, NULL, serve_cb, pngs, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("http://127.0.0.1:%d/gift.png", g_uri_get_port (uris->data));
  broken = g_strdup_printf ("http://127.0.0.1:%d/broken.png", g_uri_get_port (uris->data));
  big = g_strdup_printf ("http://127.0.0.1:%d/big.png", g_uri_get_port (uris->data));

  gtk_window_set_child (GTK_WINDOW (window), card);
  gtk_window_present (GTK_WINDOW (window));

  ewe_gift_set_image_url (gift, url);
  ewe_gift_card_set_gift (EWE_GIFT_CARD (card), gift);
  iterate_until (image_loaded, card);

  /* The cairo renderer (the tests') is given the pixels as a cairo
   * surface, not as a texture it would convert again in every frame; a
   * GPU renderer keeps the texture. Either draws the picture. */
  paintable = gtk_picture_get_paintable (GTK_PICTURE (find_picture (card)));
  g_assert_cmpint (GSK_IS_CAIRO_RENDERER (gtk_native_get_renderer (GTK_NATIVE (window))), ==,
                   !GDK_IS_TEXTURE (paintable));
  assert_paints (paintable, 0xffcc3344);

  /* A picture that is no picture leaves the placeholder. */
  ewe_gift_set_image_url (gift, broken);
  g_assert_false (ewe_gift_card_get_image_loaded (EWE_GIFT_CARD (card)));
  until = g_get_monotonic_time () + G_USEC_PER_SEC / 2;
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  g_assert_false (ewe_gift_card_get_image_loaded (EWE_GIFT_CARD (card)));

  /* Back to the good one: decoded once, so it shows at once. */
  ewe_gift_set_image_url (gift, url);
  g_assert_true (ewe_gift_card_get_image_loaded (EWE_GIFT_CARD (card)));

  /* A shop's big picture is decoded at the size the card shows, times
   * the scale factor, so no frame scales it. */
  ewe_gift_set_image_url (gift, big);
  iterate_until (image_loaded, card);
  picture = find_picture (card);
  paintable = gtk_picture_get_paintable (GTK_PICTURE (picture));
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (paintable), ==, 140 * gtk_widget_get_scale_factor (card));
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (paintable), ==, 140 * gtk_widget_get_scale_factor (card));

  gtk_window_destroy (GTK_WINDOW (window));
  soup_server_disconnect (server);
}

static void
painted_cb (GdkFrameClock *clock,
            gboolean      *painted)
{
  *painted = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *)data;
}

/* Draws @frame (the card's parent, with room around it for the shadow)
 * with cairo, as the renderer does, into a new image surface, once the
 * window has laid it out and painted it. */
static cairo_surface_t *
draw_frame (GtkWidget *frame)
{
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  GdkFrameClock   *clock = gtk_widget_get_frame_clock (frame);
  gboolean         painted = FALSE;
  gulong           handler;
  cairo_surface_t *surface;
  cairo_t         *cr;

  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (painted_cb), &painted);
  gtk_widget_queue_draw (frame);
  iterate_until (is_true, &painted);
  g_signal_handler_disconnect (clock, handler);

  gtk_widget_snapshot_child (gtk_widget_get_parent (frame), frame, snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, gtk_widget_get_width (frame),
                                        gtk_widget_get_height (frame));
  cr = cairo_create (surface);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  return surface;
}

static guint32
pixel_at (cairo_surface_t *surface,
          int              x,
          int              y)
{
  return *((const guint32 *)(cairo_image_surface_get_data (surface) + y * cairo_image_surface_get_stride (surface)) + x);
}

static int
channel_difference (guint32 a,
                    guint32 b)
{
  int most = 0;

  for (int shift = 0; shift < 32; shift += 8)
    most = MAX (most, ABS ((int)((a >> shift) & 0xff) - (int)((b >> shift) & 0xff)));

  return most;
}

static GtkWidget *
find_by_class (GtkWidget  *widget,
               const char *css_class)
{
  if (gtk_widget_has_css_class (widget, css_class))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_class (child, css_class);

      if (found)
        return found;
    }

  return NULL;
}

/* Which of @widget's descendants are visible, in order, as 0s and 1s. */
static void
collect_visibility (GtkWidget *widget,
                    GString   *out)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      g_string_append_c (out, gtk_widget_get_visible (child) ? '1' : '0');
      collect_visibility (child, out);
    }
}

/* The grid rebinds its cards to other gifts in each scroll frame: a card
 * going from a taken gift to one still wanted, and back, hides or shows
 * no widget (which would restyle its siblings), it only leaves the badge
 * out; the badge still comes and goes for a person. */
static void
test_rebind_keeps_visibility (void)
{
  g_autoptr(EweGift) wanted = make_gift ();
  g_autoptr(EweGift) taken = make_gift ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *card = ewe_gift_card_new (NULL);
  g_autoptr(GString) before = g_string_new (NULL);
  g_autoptr(GString) after = g_string_new (NULL);
  g_autofree char *text = NULL;

  ewe_gift_set_reserved (taken, 3);
  ewe_gift_card_set_gift (EWE_GIFT_CARD (card), wanted);
  gtk_window_set_child (GTK_WINDOW (window), card);
  gtk_window_present (GTK_WINDOW (window));
  iterate_until (widget_is_mapped, card);
  collect_visibility (card, before);
  text = visible_text (card);
  g_assert_null (strstr (text, "All Reserved"));
  g_clear_pointer (&text, g_free);

  ewe_gift_card_set_gift (EWE_GIFT_CARD (card), taken);
  collect_visibility (card, after);
  g_assert_cmpstr (after->str, ==, before->str);
  text = visible_text (card);
  g_assert_nonnull (strstr (text, "All Reserved\n"));
  g_clear_pointer (&text, g_free);

  ewe_gift_card_set_gift (EWE_GIFT_CARD (card), wanted);
  g_string_truncate (after, 0);
  collect_visibility (card, after);
  g_assert_cmpstr (after->str, ==, before->str);
  text = visible_text (card);
  g_assert_null (strstr (text, "All Reserved"));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* How many nodes of @type are in @node's tree. */
static guint
count_nodes (GskRenderNode    *node,
             GskRenderNodeType type)
{
  guint             count = gsk_render_node_get_node_type (node) == type;

  GskRenderNodeType kind = gsk_render_node_get_node_type (node);

  if (kind == GSK_CONTAINER_NODE)
    for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
      count += count_nodes (gsk_container_node_get_child (node, i), type);
  else if (kind == GSK_TRANSFORM_NODE)
    count += count_nodes (gsk_transform_node_get_child (node), type);
  else if (kind == GSK_CLIP_NODE)
    count += count_nodes (gsk_clip_node_get_child (node), type);
  else if (kind == GSK_ROUNDED_CLIP_NODE)
    count += count_nodes (gsk_rounded_clip_node_get_child (node), type);
  else if (kind == GSK_OPACITY_NODE)
    count += count_nodes (gsk_opacity_node_get_child (node), type);
  else if (kind == GSK_DEBUG_NODE)
    count += count_nodes (gsk_debug_node_get_child (node), type);

  return count;
}

/* The card's own nodes, as the renderer is given them. */
static GskRenderNode *
snapshot_card (GtkWidget *card)
{
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();

  gtk_widget_snapshot_child (gtk_widget_get_parent (card), card, snapshot);
  return gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
}

/* The card draws its shadow from an image made once (under GPU renderers
 * as four textures around the card, test-gift-card-gl); it looks like the
 * shadow the theme's CSS casts. */
static void
test_cached_shadow (void)
{
  g_autoptr(EweGift) gift = make_gift ();
  GtkWidget       *window = gtk_window_new ();
  GtkWidget       *frame = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget       *card = ewe_gift_card_new (NULL);
  GtkWidget       *shadow;
  cairo_surface_t *cached, *css;
  int              below, x;

  gtk_widget_set_margin_top (card, 24);
  gtk_widget_set_margin_bottom (card, 24);
  gtk_widget_set_margin_start (card, 24);
  gtk_widget_set_margin_end (card, 24);
  gtk_box_append (GTK_BOX (frame), card);
  gtk_window_set_child (GTK_WINDOW (window), frame);
  ewe_gift_card_set_gift (EWE_GIFT_CARD (card), gift);
  gtk_window_present (GTK_WINDOW (window));
  iterate_until (widget_is_mapped, card);

  g_test_message ("Renderer: %s", G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))));
  g_assert_true (gtk_widget_has_css_class (card, "cached-shadow"));
  shadow = find_by_class (card, "gift-card-shadow");
  g_assert_nonnull (shadow);
  g_assert_true (gtk_widget_get_visible (shadow));
  cached = draw_frame (frame);

  /* No blurred shadow left for the renderer to draw for each card: under
   * a GPU renderer, four copies of textures around the card instead. */
  {
    g_autoptr(GskRenderNode) node = snapshot_card (card);
    gboolean cairo = GSK_IS_CAIRO_RENDERER (gtk_native_get_renderer (GTK_NATIVE (window)));

    g_assert_cmpuint (count_nodes (node, GSK_OUTSET_SHADOW_NODE), ==, 0);
    g_assert_cmpuint (count_nodes (node, GSK_TEXTURE_NODE), ==, cairo ? 0 : 4);
    g_assert_cmpuint (count_nodes (node, GSK_CAIRO_NODE), ==, cairo ? 1 : 0);
  }

  /* The same card casting the theme's shadow itself. */
  gtk_widget_remove_css_class (card, "cached-shadow");
  gtk_widget_set_visible (shadow, FALSE);
  css = draw_frame (frame);

  /* Just below the card, the shadow darkens the window... */
  below = 24 + gtk_widget_get_height (card) + 2;
  x = 24 + gtk_widget_get_width (card) / 2;
  g_assert_cmpint (channel_difference (pixel_at (css, x, below), pixel_at (css, 1, 1)), >, 0);
  g_assert_cmpint (channel_difference (pixel_at (cached, x, below), pixel_at (cached, 1, 1)), >, 0);

  /* ...alike both ways, along the card's sides and below it. */
  for (int y = 0; y < gtk_widget_get_height (frame); y++)
    for (int dx = 1; dx <= 12; dx++)
      {
        g_assert_cmpint (channel_difference (pixel_at (css, 24 - dx, y), pixel_at (cached, 24 - dx, y)), <=, 2);
        g_assert_cmpint (channel_difference (pixel_at (css, 24 + gtk_widget_get_width (card) + dx - 1, y),
                                             pixel_at (cached, 24 + gtk_widget_get_width (card) + dx - 1, y)),
                         <=, 2);
      }
  for (int dy = 1; dy <= 12; dy++)
    g_assert_cmpint (channel_difference (pixel_at (css, x, below - 2 + dy), pixel_at (cached, x, below - 2 + dy)), <=, 2);

  cairo_surface_destroy (cached);
  cairo_surface_destroy (css);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  ewe_register_resource ();
  ewe_style_load_for_display (gdk_display_get_default ());

  g_test_add_func ("/app/gift-card/follows-gift", test_follows_gift);
  g_test_add_func ("/app/gift-card/counts-fit-narrow", test_counts_fit_narrow);
  g_test_add_func ("/app/gift-card/unlimited", test_unlimited);
  g_test_add_func ("/app/gift-card/star", test_star);
  g_test_add_func ("/app/gift-card/surprise-mode", test_surprise_mode);
  g_test_add_func ("/app/gift-card/menu-on-demand", test_menu_on_demand);
  g_test_add_func ("/app/gift-card/notes", test_notes);
  g_test_add_func ("/app/gift-card/reserve", test_reserve);
  g_test_add_func ("/app/gift-card/friend-card", test_friend_card);
  g_test_add_func ("/app/gift-card/picture", test_picture);
  g_test_add_func ("/app/gift-card/cached-shadow", test_cached_shadow);
  g_test_add_func ("/app/gift-card/rebind-keeps-visibility", test_rebind_keeps_visibility);

  return g_test_run ();
}
